#include "service/auth_service.h"

#include <sodium.h>

#include <array>

namespace hotline {
namespace {

// Sessions are cached so a request does not cost a database read; a cached
// entry is re-checked against storage after this long, which bounds how long a
// logout in another process may go unnoticed.
constexpr std::chrono::seconds kSessionCacheTtl{30};

std::string ToHex(const unsigned char* data, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

std::string TokenHash(std::string_view token) {
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  return ToHex(digest.data(), digest.size());
}

Error InvalidCredentials() {
  return Error{ErrorKind::kUnauthenticated, "invalid_credentials", "用户名或密码错误", ""};
}

Error Unauthenticated() {
  return Error{ErrorKind::kUnauthenticated, "unauthenticated", "登录已失效，请重新登录", ""};
}

bool EnsureSodium() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  if (!EnsureSodium()) return Fail(ErrorKind::kInternal, "crypto_unavailable", "加密库初始化失败");
  if (password.size() < 6)
    return Fail(ErrorKind::kInvalidInput, "password_too_short", "密码至少 6 位", "password");
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Fail(ErrorKind::kInternal, "hash_failed", "密码加密失败（内存不足）");
  return std::string(out.data());
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (!EnsureSodium()) return false;
  const std::string h(hash);
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

Result<LoginResult> AuthService::Login(std::string_view username, std::string_view password) {
  auto creds = store_.FindUserByName(username);
  if (!creds) return Fail(creds.error());
  if (!*creds || !(*creds)->user.active || !VerifyPassword((*creds)->password_hash, password))
    return Fail(InvalidCredentials());
  std::array<unsigned char, 32> raw{};
  randombytes_buf(raw.data(), raw.size());
  LoginResult result;
  result.token = ToHex(raw.data(), raw.size());
  result.user = (*creds)->user;
  const Instant now = clock_.Now();
  result.expires_at = now + ttl_;
  Session session{TokenHash(result.token), result.user.id, now, result.expires_at};
  auto written = store_.Write([&](WriteTxn& txn) { return txn.InsertSession(session); });
  if (!written) return Fail(written.error());
  return result;
}

Result<Actor> AuthService::Authenticate(std::string_view token) {
  if (token.empty()) return Fail(Unauthenticated());
  const std::string hash = TokenHash(token);
  const Instant now = clock_.Now();
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(hash);
    if (it != cache_.end() && now < it->second.expires_at &&
        now - it->second.cached_at < kSessionCacheTtl)
      return it->second.actor;
  }
  auto session = store_.FindSession(hash);
  if (!session) return Fail(session.error());
  if (!*session || now >= (*session)->expires_at) return Fail(Unauthenticated());
  auto user = store_.GetUser((*session)->user_id);
  if (!user) return Fail(user.error());
  if (!*user || !(*user)->active) return Fail(Unauthenticated());
  Actor actor{(*user)->id, (*user)->username, (*user)->role, (*user)->unit_id};
  std::lock_guard lock(mu_);
  if (cache_.size() > 100000) cache_.clear();  // bound memory; entries refill on demand
  cache_[hash] = CachedSession{actor, (*session)->expires_at, now};
  return actor;
}

Result<void> AuthService::Logout(std::string_view token) {
  const std::string hash = TokenHash(token);
  {
    std::lock_guard lock(mu_);
    cache_.erase(hash);
  }
  return store_.Write([&](WriteTxn& txn) { return txn.DeleteSession(hash); });
}

Result<User> AuthService::CreateUser(const User& user, std::string_view password) {
  if (user.username.empty() || user.username.size() > 64)
    return Fail(ErrorKind::kInvalidInput, "invalid_value", "用户名应为 1 到 64 个字符", "username");
  auto hash = HashPassword(password);
  if (!hash) return Fail(hash.error());
  User created = user;
  auto written = store_.Write([&](WriteTxn& txn) -> Result<void> {
    auto id = txn.InsertUser(user, *hash);
    if (!id) return Fail(id.error());
    created.id = *id;
    return {};
  });
  if (!written) return Fail(written.error());
  return created;
}

Result<void> AuthService::ResetPassword(std::string_view username, std::string_view password) {
  auto creds = store_.FindUserByName(username);
  if (!creds) return Fail(creds.error());
  if (!*creds) return Fail(ErrorKind::kNotFound, "not_found", "用户不存在", "username");
  auto hash = HashPassword(password);
  if (!hash) return Fail(hash.error());
  const UserId id = (*creds)->user.id;
  auto written = store_.Write([&](WriteTxn& txn) -> Result<void> {
    if (auto r = txn.SetPassword(id, *hash); !r) return r;
    return txn.DeleteUserSessions(id);
  });
  if (!written) return Fail(written.error());
  std::lock_guard lock(mu_);
  std::erase_if(cache_, [&](const auto& kv) { return kv.second.actor.user_id == id; });
  return {};
}

}  // namespace hotline
