// Test support for the credit module: the labour subcontractor the listing tests put on the list.
#pragma once

#include <string>

#include "core/identifiers.hpp"
#include "registry/enterprises.hpp"

namespace anxin::credit::fixtures {

// 历下恒达劳务有限公司, a labour subcontractor of 历下区, with a valid credit code from `body17`.
inline registry::NewEnterprise Hengda(const std::string& body17 = "91370102MA3C00001") {
    registry::NewEnterprise e;
    e.credit_code = core::MakeCreditCode(body17);
    e.name = "历下恒达劳务有限公司";
    e.legal_representative = "赵恒达";
    e.region_code = "370102";
    e.kind = "labor_subcontractor";
    e.address = "经十路 9 号";
    e.contact_name = "钱经理";
    return e;
}

}  // namespace anxin::credit::fixtures
