// Internals of the demo generator that tests reach directly: the seeded PRNG and the synthetic
// identifiers. Portable and deterministic: no <random> distributions (their output differs between
// standard libraries), only integer arithmetic on xoshiro256** seeded through splitmix64.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace anxin::demo {

class Rng {
public:
    explicit Rng(std::uint64_t seed);
    // A stream for one purpose ("workers", "projects" …): stable when other streams change.
    Rng Fork(std::string_view purpose) const;

    std::uint64_t Next();
    // Uniform in [0, n); n > 0. Multiply-shift (bias below 2^-32 for the small n used here).
    std::uint64_t Below(std::uint64_t n);
    // Uniform in [lo, hi] inclusive.
    std::int64_t Between(std::int64_t lo, std::int64_t hi);
    double Unit();                 // [0, 1)
    bool Chance(double p);         // true with probability p
    template <class T>
    const T& Pick(const std::vector<T>& v) { return v[Below(v.size())]; }
    // Index by weights (non-negative, not all zero).
    std::size_t Weighted(const std::vector<double>& weights);

private:
    std::uint64_t s_[4];
    std::uint64_t seed_;
};

// 64-bit FNV-1a, for fingerprints and stream derivation.
std::uint64_t Fnv1a(std::string_view text, std::uint64_t h = 1469598103934665603ULL);

// Native region codes of synthetic workers: 379901–379999, unassigned in GB/T 2260.
inline constexpr std::string_view kSyntheticRegionPrefix = "3799";
std::string SyntheticRegion(int n /*1..99*/);

// A GB 32100 credit code: "91" + registered county (6) + 9 characters of the charset + check.
// bad_check: a wrong (still well-formed) check character, like the early pilot codes.
std::string SyntheticCreditCode(Rng& rng, std::string_view county6, bool bad_check);

}  // namespace anxin::demo
