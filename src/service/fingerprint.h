// Stable content fingerprints (BLAKE2b via libsodium), e.g. to recognise a
// retried intake request across restarts.
#pragma once

#include <string>
#include <string_view>

namespace hotline {

// 32 hex characters; equal inputs give equal outputs in every process.
std::string Fingerprint(std::string_view data);

}  // namespace hotline
