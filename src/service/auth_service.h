// Login, bearer tokens and password management. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/clock.h"
#include "storage/store.h"
#include "workorder/commands.h"

namespace hotline {

struct LoginResult {
  std::string token;  // shown once; only its hash is stored
  Instant expires_at{};
  User user;
};

// Hashes a password with argon2id (libsodium). Slow on purpose (~50 ms).
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view hash, std::string_view password);

class AuthService {
 public:
  AuthService(Store& store, const Clock& clock, std::chrono::minutes token_ttl)
      : store_(store), clock_(clock), ttl_(token_ttl) {}

  // kUnauthenticated/"invalid_credentials" for an unknown user, a wrong
  // password or a disabled account (the same error for all three).
  Result<LoginResult> Login(std::string_view username, std::string_view password);

  // The actor behind a bearer token; kUnauthenticated when unknown or expired.
  Result<Actor> Authenticate(std::string_view token);

  Result<void> Logout(std::string_view token);

  // Creates a user; kBusinessRule when the username is taken or the unit is unknown.
  Result<User> CreateUser(const User& user, std::string_view password);
  // Sets a new password and ends the user's sessions.
  Result<void> ResetPassword(std::string_view username, std::string_view password);

 private:
  struct CachedSession {
    Actor actor;
    Instant expires_at;
    Instant cached_at;
  };
  Store& store_;
  const Clock& clock_;
  std::chrono::minutes ttl_;
  std::mutex mu_;
  std::unordered_map<std::string, CachedSession> cache_;  // by token hash
};

}  // namespace hotline
