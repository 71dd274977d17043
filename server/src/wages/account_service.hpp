// Dedicated wage accounts (专户): opening by the general contractor (REG 26, ACC: one per project,
// within account.open_within_days of the construction contract, filed within account.file_within_days),
// the tripartite agreement and filing, the deadlines and their status, closure after the public
// notice (REG 27), and the account's transactions from the bank feed.
//
// Thread-safe: holds references only (database, clock, parameters, case checker), which must outlive
// it. Errors are anxin::Error with JSON field names: kInvalidArgument ("bankCode", "accountNumber",
// "openedOn", ...), kNotFound (project or account absent or outside AccountScope), kForbidden (an
// enterprise that is not the project's general contractor; reveal without worker.unmask), kConflict
// (second account, number already registered, closure state or rule refusing), kUnavailable (no data key).
#pragma once

#include <optional>
#include <string_view>

#include "core/crypto.hpp"
#include "core/project_changes.hpp"
#include "region/parameters.hpp"
#include "wages/wages.hpp"

namespace anxin::wages {

class AccountService {
  public:
    AccountService(storage::Database& db, const core::Clock& clock, const core::FieldCipher* cipher,
                   const region::ParameterService& parameters, const OpenCaseChecker& cases,
                   core::ProjectChangeSink* changes = nullptr)
        : db_(db), clock_(clock), cipher_(cipher), parameters_(parameters), cases_(cases), changes_(changes) {}

    // Opens the project's account. The project needs a general contractor; enterprise users only for
    // projects whose general contractor is their enterprise; supervisors within scope. Audited.
    AccountView Open(const core::CallContext& ctx, std::string_view project_id, const NewAccount& input);
    // The project's account situation (with deadlines also when there is no account). reveal: the full
    // account number, for roles holding worker.unmask only; audited as "read_personal".
    AccountView Get(const core::CallContext& ctx, std::string_view project_id, bool reveal = false);
    // Agreement, signing date, filing date, branch. Refused once closed. Audited.
    AccountView Update(const core::CallContext& ctx, std::string_view project_id, const AccountPatch& patch);
    // REG 27: only when the project is finished or completed; starts the public notice on notice_on
    // (today when absent). open → closing. Audited.
    AccountView RequestClosure(const core::CallContext& ctx, std::string_view project_id,
                               std::optional<core::Date> notice_on);
    // closing → closed, only after the notice ends, with no open wage complaint or case and a zero
    // balance. closed_on defaults to today. Audited.
    AccountView Close(const core::CallContext& ctx, std::string_view project_id, std::optional<core::Date> closed_on);

    AccountPage List(const core::CallContext& ctx, const AccountQuery& query) const;
    // The account's bank-feed transactions, newest first (counterparty accounts masked).
    TxnPage Transactions(const core::CallContext& ctx, std::string_view account_id, const TxnQuery& query) const;


  private:
    const core::FieldCipher& Cipher() const;

    storage::Database& db_;
    const core::Clock& clock_;
    const core::FieldCipher* cipher_;
    const region::ParameterService& parameters_;
    const OpenCaseChecker& cases_;
    core::ProjectChangeSink* changes_;  // told the projects written, after commit (null: nobody)
};

// Normalises an account or card number: spaces and '-' removed. Returns "" when what remains is not
// `min_digits`–`max_digits` digits.
std::string NormalizeAccountNumber(std::string_view text, size_t min_digits = 10, size_t max_digits = 30);

}  // namespace anxin::wages
