// What other modules may read of wages in SQL (scripts/check_module_reads.py enforces it). Tables with
// sealed columns are published as *_published views without them (masks only); the account and card
// numbers are decrypted only inside wages. Everything else: wages.hpp.
#pragma once

#include <string_view>

namespace anxin::wages {

inline constexpr std::string_view kPublishedTables[] = {
    "wages_account_published",         // dedicated accounts: bank, status, agreement, notice and closing dates
    "wages_account_txn_published",     // the bank feed: credits and debits, matched worker, flags
    "wages_allocation",                // monthly labor-cost allocations (due date, amount, paid)
    "wages_output_value",              // monthly output value
    "wages_payroll",                   // payroll sheets (project × employer × period, status)
    "wages_payroll_line",              // one worker's pay on a sheet
    "wages_pay_batch",                 // bank direct-pay batches
    "wages_pay_batch_line_published",  // their lines: amount, status, settled date (card mask only)
};

}  // namespace anxin::wages
