// Personal data at rest: field encryption (XChaCha20-Poly1305, libsodium) and keyed blind indexes
// so a record can be found by ID number without decrypting the table; plus the masks responses use.
// One 32-byte master key (key file or ANXIN_DATA_KEY); sub-keys for encryption and indexing are
// derived from it, so a leaked index never helps decrypt. Thread-safe after construction.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <string_view>

namespace anxin::core {

class DataKey {
public:
    static constexpr size_t kSize = 32;
    // 64 hex characters. Throws anxin::Error(kInvalidArgument) with a clear message otherwise.
    static DataKey FromHex(std::string_view hex);
    // A file holding the hex key (whitespace ignored). Throws when missing or malformed.
    static DataKey FromFile(const std::filesystem::path& path);
    static DataKey Generate();
    // Writes a new random key to `path` (mode 0600) unless it exists; returns the key in the file.
    static DataKey LoadOrCreate(const std::filesystem::path& path);
    std::string ToHex() const;
    const std::array<unsigned char, kSize>& bytes() const { return bytes_; }

private:
    std::array<unsigned char, kSize> bytes_{};
};

class FieldCipher {
public:
    explicit FieldCipher(const DataKey& master);
    ~FieldCipher();

    // "v1." + base64url(nonce ‖ ciphertext ‖ tag). `context` (e.g. "registry_worker.phone") is bound
    // as associated data, so a value copied into another column does not decrypt there.
    std::string Seal(std::string_view plaintext, std::string_view context) const;
    // Throws anxin::Error(kInternal) when the value was altered or sealed under another key/context.
    std::string Open(std::string_view sealed, std::string_view context) const;
    // Deterministic keyed HMAC-SHA-256 (hex) of an already normalised value, per context.
    std::string BlindIndex(std::string_view normalized, std::string_view context) const;

private:
    std::array<unsigned char, 32> encryption_key_{};
    std::array<unsigned char, 32> index_key_{};
};

// Masks shown to roles that may not see the full value.
std::string MaskIdNumber(std::string_view id_number);  // 370102********123X (first 6 + last 4)
std::string MaskPhone(std::string_view phone);         // 138****5678
std::string MaskBankCard(std::string_view card);       // 622202******1234 (first 6 + last 4)

}  // namespace anxin::core
