// The pre-contract query (合同签订前查询, issue 15 §5): any department, state-owned enterprise, bank or
// construction unit with a login looks a partner up before signing — list status, procedures under
// way, arrears cases of the last two years, the deposit history — and gets a numbered record it can
// print. Each query is stored with its snapshot and audited; a record is readable again by the same
// unit (the asker's region, enterprise or bank), not by others (404).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/principal.hpp"
#include "core/time.hpp"
#include "credit/credit.hpp"
#include "deposits/deposits.hpp"
#include "storage/database.hpp"

namespace anxin::credit {

struct EnterpriseMatch {  // public registry facts, for choosing among names
    std::string id;
    std::string name;
    std::string credit_code;
};

struct CreditRecord {
    std::string id;
    std::string number;
    std::string enterprise_id;
    core::Timestamp asked_at;
    std::string asked_by_name;
    boost::json::object result;  // as stored: enterprise, listing, procedures, arrearsCases, deposit, grade
};

class QueryService {
  public:
    QueryService(storage::Database& db, const core::Clock& clock, const ArrearsFacts& arrears)
        : db_(db), clock_(clock), arrears_(arrears) {}

    // By exact credit code, or by a part of the name (2+ characters), at most 10; the whole registry
    // (registered names and codes are public facts). Not stored.
    std::vector<EnterpriseMatch> Find(const core::CallContext& ctx, const std::string& text) const;
    // Runs and stores the query for the enterprise; audited ("query", credit_query).
    CreditRecord Query(const core::CallContext& ctx, std::string_view enterprise_id);
    CreditRecord Get(const core::CallContext& ctx, std::string_view id) const;
    // The unit's queries, newest first.
    std::vector<CreditRecord> List(const core::CallContext& ctx, std::int64_t offset, std::int64_t limit) const;

  private:
    storage::Database& db_;
    const core::Clock& clock_;
    const ArrearsFacts& arrears_;
    deposits::StoredCreditHistoryProvider declarations_;
};

// The asker's unit: who may read a record again.
std::string UnitOf(const core::Principal& p);

}  // namespace anxin::credit
