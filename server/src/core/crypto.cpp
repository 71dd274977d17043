#include "core/crypto.hpp"

#include <sodium.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>

#include "core/error.hpp"

namespace anxin::core {
namespace {

void EnsureSodium() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES] = {'a', 'n', 'x', 'i', 'n', 'p', 'i', 'i'};
constexpr std::string_view kVersionPrefix = "v1.";

std::string Masked(std::string_view value, size_t keep_front, size_t keep_back) {
    if (value.size() <= keep_front + keep_back) return std::string(value.size(), '*');
    std::string out(value.substr(0, keep_front));
    out.append(value.size() - keep_front - keep_back, '*');
    out.append(value.substr(value.size() - keep_back));
    return out;
}

}  // namespace

DataKey DataKey::FromHex(std::string_view hex) {
    EnsureSodium();
    DataKey key;
    size_t length = 0;
    if (hex.size() != kSize * 2 ||
        sodium_hex2bin(key.bytes_.data(), kSize, hex.data(), hex.size(), nullptr, &length, nullptr) != 0 ||
        length != kSize)
        throw Error(ErrorCode::kInvalidArgument, "data key must be 64 hexadecimal characters (32 bytes)");
    return key;
}

DataKey DataKey::FromFile(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) throw Error(ErrorCode::kInvalidArgument, "cannot read data key file " + path.string());
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string text;
    for (char c : buffer.str())
        if (!std::isspace(static_cast<unsigned char>(c))) text += c;
    return FromHex(text);
}

DataKey DataKey::Generate() {
    EnsureSodium();
    DataKey key;
    crypto_kdf_keygen(key.bytes_.data());
    return key;
}

DataKey DataKey::LoadOrCreate(const std::filesystem::path& path) {
    if (std::filesystem::exists(path)) return FromFile(path);
    DataKey key = Generate();
    {
        std::ofstream out(path);
        if (!out) throw Error(ErrorCode::kInvalidArgument, "cannot write data key file " + path.string());
        out << key.ToHex() << "\n";
    }
    ::chmod(path.c_str(), 0600);
    return key;
}

std::string DataKey::ToHex() const {
    std::string hex(kSize * 2, '\0');
    sodium_bin2hex(hex.data(), hex.size() + 1, bytes_.data(), kSize);
    return hex;
}

FieldCipher::FieldCipher(const DataKey& master) {
    EnsureSodium();
    crypto_kdf_derive_from_key(encryption_key_.data(), encryption_key_.size(), 1, kKdfContext, master.bytes().data());
    crypto_kdf_derive_from_key(index_key_.data(), index_key_.size(), 2, kKdfContext, master.bytes().data());
}

FieldCipher::~FieldCipher() {
    sodium_memzero(encryption_key_.data(), encryption_key_.size());
    sodium_memzero(index_key_.data(), index_key_.size());
}

std::string FieldCipher::Seal(std::string_view plaintext, std::string_view context) const {
    constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    std::string raw(kNonce + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
    auto* bytes = reinterpret_cast<unsigned char*>(raw.data());
    randombytes_buf(bytes, kNonce);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        bytes + kNonce, &written, reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
        reinterpret_cast<const unsigned char*>(context.data()), context.size(), nullptr, bytes,
        encryption_key_.data());
    raw.resize(kNonce + written);
    std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes, raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(std::strlen(out.c_str()));
    return std::string(kVersionPrefix) + out;
}

std::string FieldCipher::Open(std::string_view sealed, std::string_view context) const {
    constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    auto fail = [] { return Error(ErrorCode::kInternal, "encrypted field cannot be decrypted (altered or wrong key)"); };
    if (sealed.substr(0, kVersionPrefix.size()) != kVersionPrefix) throw fail();
    sealed.remove_prefix(kVersionPrefix.size());
    std::string raw(sealed.size(), '\0');
    size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), sealed.data(), sealed.size(),
                          nullptr, &length, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        length < kNonce + crypto_aead_xchacha20poly1305_ietf_ABYTES)
        throw fail();
    const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
    std::string plain(length - kNonce - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
    unsigned long long plain_length = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plain.data()), &plain_length,
                                                   nullptr, bytes + kNonce, length - kNonce,
                                                   reinterpret_cast<const unsigned char*>(context.data()),
                                                   context.size(), bytes, encryption_key_.data()) != 0)
        throw fail();
    plain.resize(plain_length);
    return plain;
}

std::string FieldCipher::BlindIndex(std::string_view normalized, std::string_view context) const {
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, index_key_.data(), index_key_.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(context.data()), context.size());
    const unsigned char separator = 0x1f;
    crypto_auth_hmacsha256_update(&state, &separator, 1);
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(normalized.data()), normalized.size());
    std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
    crypto_auth_hmacsha256_final(&state, mac.data());
    std::string hex(mac.size() * 2, '\0');
    sodium_bin2hex(hex.data(), hex.size() + 1, mac.data(), mac.size());
    return hex;
}

std::string MaskIdNumber(std::string_view id_number) { return Masked(id_number, 6, 4); }
std::string MaskPhone(std::string_view phone) { return Masked(phone, 3, 4); }
std::string MaskBankCard(std::string_view card) { return Masked(card, 6, 4); }

}  // namespace anxin::core
