// The wages side of the demo province: dedicated accounts, payrolls and pay batches, output value
// and labor-cost allocations, the bank feed, wage deposits.
#include "demo/generator.hpp"

namespace anxin::demo::generator {

// ---- dedicated accounts ----

void Generator::OpenAccounts() {
    Rng rng = rng_.Fork("accounts");
    std::set<std::string> numbers;
    for (std::size_t i = 0; i < projects_.size(); ++i) {
        auto& p = projects_[i];
        if (!p.has_account) continue;
        const auto& bank = kBanks[p.bank];
        wages::NewAccount a;
        a.bank_code = bank.code;
        a.bank_name = bank.name;
        a.branch_name = std::string(bank.name) + p.town->county_name + "支行";
        a.account_name = ents_[static_cast<std::size_t>(p.gc)].name + "农民工工资专用账户";
        do {
            p.account_number = std::string(bank.card_prefix).substr(0, 4) + DigitString(rng, 15);
        } while (!numbers.insert(p.account_number).second);
        a.account_number = p.account_number;
        const bool late_open = i >= 9 && rng.Chance(0.05);
        a.opened_on = Min(today_, p.signed_on.AddDays(late_open ? static_cast<int>(rng.Between(40, 80))
                                                                : static_cast<int>(rng.Between(3, 28))));
        a.agreement_ref = "SFXY-" + p.code;
        a.agreement_signed_on = a.opened_on;
        const double roll = rng.Unit();
        if (roll < 0.03 && i >= 9) {
            Count("accounts_unfiled");
        } else {
            const bool late_file = roll < 0.08 && i >= 9;
            Date filed = a.opened_on.AddDays(late_file ? static_cast<int>(rng.Between(35, 60))
                                                       : static_cast<int>(rng.Between(2, 25)));
            if (!(today_ < filed)) {
                a.filed_on = filed;
                if (late_file) Count("accounts_filed_late");
            } else {
                Count("accounts_unfiled");
            }
        }
        if (late_open) Count("accounts_opened_late");
        services_.accounts.Open(EnterpriseUser(p.gc, "demo-accounts"), p.id, a);
        Count("accounts");
    }
}

// ---- payrolls and pay batches ----

void Generator::RunPayrolls() {
    Rng rng = rng_.Fork("payrolls");
    std::map<std::string, const WorkerPlan*> worker_by_id;
    for (const auto& w : workers_) worker_by_id[w.id] = &w;
    // Employers with contracts per project.
    // One payroll per team (班组): the subcontractor hands in its teams' payrolls (REG 31).
    std::vector<std::set<std::pair<int, int>>> employers(projects_.size());
    for (const auto& w : workers_) employers[static_cast<std::size_t>(w.project)].insert({w.employer, w.team});

    std::int64_t bank_ref = 0;
    Timer t;
    std::int64_t done_projects = 0;
    for (std::size_t pi = 0; pi < projects_.size(); ++pi) {
        auto& p = projects_[pi];
        if (!p.has_workers) continue;
        auto gc = EnterpriseUser(p.gc, "demo-payrolls");
        const std::string bank_code = kBanks[p.bank].code;
        auto bank = BankOperator(bank_code, "demo-bank-return");
        for (int m = 0; m < 3; ++m) {
            const auto& month = months_[static_cast<std::size_t>(m)];
            if (p.stop_on && *p.stop_on < month.first) continue;
            if (month.last < p.start_on) continue;
            // The latest month: not due until the end of this month, so in every state.
            const double roll = rng.Unit();
            std::string stage = "paid";
            if (m == 2) {
                stage = roll < 0.10 ? "none" : roll < 0.22 ? "draft" : roll < 0.40 ? "submitted"
                                                             : roll < 0.55 ? "approved" : "paid";
            }
            if (p.arrears && m >= 1) stage = m == 1 ? "approved" : "submitted";
            if (!p.has_account && (stage == "paid")) stage = "approved";
            if (stage == "none") continue;
            for (const auto& [e, team] : employers[pi]) {
                wages::NewPayroll np;
                np.project_id = p.id;
                np.employer_id = ents_[static_cast<std::size_t>(e)].id;
                np.team_id = p.teams[static_cast<std::size_t>(team)].id;
                np.period = month.period;
                wages::Payroll payroll;
                try {
                    payroll = services_.payrolls.Generate(gc, np);
                } catch (const Error& err) {
                    if (err.code() == ErrorCode::kUnprocessable) continue;  // no contract covers the month
                    throw;
                }
                Count("payrolls");
                Count("payroll_lines", static_cast<std::int64_t>(payroll.lines.size()));
                p.net_by_month[static_cast<std::size_t>(m)] += payroll.net_total;
                if (stage == "draft") continue;
                // Nobody is paid for a month without a counted day: drop those lines (REG 15 needs the
                // working time and gross pay of every line).
                for (const auto& line : std::vector<wages::PayrollLine>(payroll.lines)) {
                    if (line.days > 0 && line.gross_pay > 0) continue;
                    payroll = services_.payrolls.RemoveLine(gc, payroll.id, line.id);
                    Count("payroll_lines_removed");
                }
                if (payroll.lines.empty()) continue;
                payroll = services_.payrolls.Submit(gc, payroll.id);
                const bool all_confirm = stage != "submitted";
                for (const auto& line : payroll.lines) {
                    if (!all_confirm && rng.Chance(0.4)) continue;
                    services_.payrolls.ConfirmLine(gc, payroll.id, line.id, rng.Chance(0.8) ? "h5" : "signature");
                }
                if (stage == "submitted") continue;
                payroll = services_.payrolls.Approve(gc, payroll.id);
                if (stage == "approved" || payroll.net_total == 0) continue;

                // Pay: settled on the 5th–25th of the next month; late payers after the pay date.
                const Date pay_date = payroll.pay_date;
                Date settled = month.last.AddDays(static_cast<int>(rng.Between(5, 25)));
                if (p.late_payer && m < 2) settled = pay_date.AddDays(static_cast<int>(rng.Between(3, 20)));
                if (today_ < settled) {
                    if (m < 2) {
                        settled = today_;
                    } else {
                        continue;  // the bank has not paid yet: stays approved
                    }
                }
                auto issue_and_return = [&](int sequence, Date on) -> std::vector<std::string> {
                    wages::PayBatch batch = services_.pay_batches.Issue(gc, payroll.id);
                    Count("pay_batches");
                    std::string csv = "参考号,状态,失败原因,处理日期,银行流水号\r\n";
                    std::vector<std::string> failed;
                    for (const auto& line : batch.lines) {
                        const bool fail = sequence == 1 && rng.Chance(0.012);
                        const std::string ref = "BK" + Pad(++bank_ref, 12);
                        if (fail) {
                            csv += line.reference + ",失败," + (rng.Chance(0.5) ? "户名与账号不符" : "账户已冻结") +
                                   "," + on.ToString() + ",\r\n";
                            failed.push_back(line.worker_id);
                            Count("pay_lines_failed");
                        } else {
                            csv += line.reference + ",成功,," + on.ToString() + "," + ref + "\r\n";
                            Count("pay_lines_paid");
                            const auto* w = worker_by_id[line.worker_id];
                            wages::FeedRow row;
                            row.account_number = p.account_number;
                            row.bank_txn_id = "D" + Pad(++txn_seq_, 12);
                            row.direction = "debit";
                            row.amount = line.amount;
                            row.booked_on = on.ToString();
                            row.counterparty_name = w->name;
                            row.counterparty_account = w->card;
                            row.purpose = "工资 " + month.period;
                            feed_[bank_code].push_back(std::move(row));
                        }
                    }
                    services_.pay_batches.ImportReturn(bank, batch.id, csv);
                    return failed;
                };
                auto failed = issue_and_return(1, settled);
                if (!failed.empty() && rng.Chance(0.7)) {
                    // The worker has the card unfrozen (or the name corrected at the bank); the GC
                    // re-issues the failed lines a few days later.
                    const Date again = Min(today_, settled.AddDays(static_cast<int>(rng.Between(3, 12))));
                    Count("pay_lines_reissued", static_cast<std::int64_t>(failed.size()));
                    issue_and_return(2, again);
                }
            }
        }
        if (options_.progress && ++done_projects % 50 == 0) {
            char buf[80];
            std::snprintf(buf, sizeof buf, "  payrolls: %lld projects (%.1f s)", static_cast<long long>(done_projects),
                          t.Seconds());
            options_.progress(buf);
        }
    }
}

// ---- output value and labor-cost allocations ----

void Generator::RecordAllocations() {
    Rng rng = rng_.Fork("allocations");
    for (auto& p : projects_) {
        if (!p.has_account || !p.has_workers) continue;
        auto gc = EnterpriseUser(p.gc, "demo-output-value");
        auto cu = EnterpriseUser(p.cu, "demo-allocations");
        const auto& bank_code = kBanks[p.bank].code;
        for (int m = 0; m < 3; ++m) {
            const auto& month = months_[static_cast<std::size_t>(m)];
            const Fen net = p.net_by_month[static_cast<std::size_t>(m)];
            if (net <= 0) continue;
            Fen due = 0;
            if (p.ratio_bp) {
                // Output value such that the clause's share covers the payroll with a margin.
                wages::OutputValueInput ov;
                const Fen base = net * 10000 / *p.ratio_bp;
                ov.output_value = base + base * rng.Between(5, 30) / 100;
                ov.output_value -= ov.output_value % 100;
                const std::int64_t pp_pct = p.investment == "government" && rng.Chance(0.1) ? rng.Between(65, 79)
                                                                                             : rng.Between(80, 95);
                ov.progress_payment = ov.output_value * pp_pct / 100;
                ov.settled_on = Min(today_, month.last.AddDays(static_cast<int>(rng.Between(3, 12))));
                services_.allocations.PutOutputValue(gc, p.id, month.period, ov);
                Count("output_values");
                due = wages::ApplyBasisPoints(*ov.progress_payment, *p.ratio_bp);
            } else {
                due = *p.fixed_amount;
            }
            if (m == p.missing_alloc_month) {
                Count("allocations_missing");
                continue;
            }
            const Date due_on = wages::AllocationDueDate(month.period, p.labor_day);
            const bool late = rng.Chance(0.07);
            Date on = late ? due_on.AddDays(static_cast<int>(rng.Between(5, 20)))
                           : due_on.AddDays(-static_cast<int>(rng.Between(0, 10)));
            if (today_ < on) {
                if (today_ < due_on) continue;  // not due yet
                on = today_;
            }
            wages::NewAllocation a;
            a.period = month.period;
            a.amount = p.short_allocator ? due * rng.Between(55, 85) / 100 : due;
            a.allocated_on = on;
            if (a.amount <= 0) continue;
            services_.allocations.CreateAllocation(cu, p.id, a);
            Count("allocations");
            if (late) Count("allocations_late");
            wages::FeedRow row;
            row.account_number = p.account_number;
            row.bank_txn_id = "C" + Pad(++txn_seq_, 12);
            row.direction = "credit";
            row.amount = a.amount;
            row.booked_on = on.ToString();
            row.counterparty_name = ents_[static_cast<std::size_t>(p.cu)].name;
            row.counterparty_account = "3701" + DigitString(rng, 16);
            row.purpose = "人工费用拨付 " + month.period;
            feed_[bank_code].push_back(std::move(row));
        }
        // A few debits that are not wages (the account may pay only this project's workers).
        if (rng.Chance(0.02)) {
            wages::FeedRow row;
            row.account_number = p.account_number;
            row.bank_txn_id = "X" + Pad(++txn_seq_, 12);
            row.direction = "debit";
            row.amount = rng.Between(5, 50) * 100000;
            row.booked_on = Min(today_, months_[2].first.AddDays(static_cast<int>(rng.Between(1, 25)))).ToString();
            row.counterparty_name = ents_[static_cast<std::size_t>(p.gc)].name;
            row.counterparty_account = "3701" + DigitString(rng, 16);
            row.purpose = "往来款";
            feed_[bank_code].push_back(std::move(row));
        }
    }
}

void Generator::SubmitBankFeed() {
    for (auto& [bank_code, rows] : feed_) {
        auto ctx = BankOperator(bank_code, "demo-bank-feed");
        // Oldest first, as a bank would report.
        std::stable_sort(rows.begin(), rows.end(),
                         [](const wages::FeedRow& a, const wages::FeedRow& b) { return a.booked_on < b.booked_on; });
        for (std::size_t i = 0; i < rows.size(); i += wages::BankFeedService::kMaxRows) {
            const std::size_t n = std::min(wages::BankFeedService::kMaxRows, rows.size() - i);
            std::vector<wages::FeedRow> chunk(rows.begin() + static_cast<std::ptrdiff_t>(i),
                                              rows.begin() + static_cast<std::ptrdiff_t>(i + n));
            for (std::size_t k = 0; k < chunk.size(); ++k) chunk[k].row = static_cast<std::int64_t>(k + 1);
            auto result = services_.bank_feed.Submit(ctx, chunk);
            Count("bank_feed_rows", result.accepted);
            Count("bank_feed_flagged", result.flagged);
            Count("bank_feed_matched_allocations", result.matched_allocations);
            if (!result.errors.empty()) {
                Count("bank_feed_errors", static_cast<std::int64_t>(result.errors.size()));
                spdlog::warn("demo: bank feed row refused: {} {}", result.errors.front().field,
                             result.errors.front().reason);
            }
        }
    }
}

// ---- deposits ----

void Generator::LodgeDeposits() {
    Rng rng = rng_.Fork("deposits");
    auto supervisor = Province("demo-deposits");
    for (std::size_t i = 0; i < projects_.size(); ++i) {
        auto& p = projects_[i];
        if (p.target == "approved") continue;
        auto requirement = services_.deposits.Recompute(supervisor, p.id);
        Count("deposit_requirements");
        const Fen required = requirement.result.required;
        if (requirement.result.exempt || required == 0) {
            Count("deposits_exempt");
            continue;
        }
        const double roll = rng.Unit();
        if (roll < 0.05 && i >= 9) {
            Count("deposits_missing");
            continue;
        }
        deposits::NewInstrument in;
        in.lodged_on = Min(today_, p.permit_on.AddDays(static_cast<int>(rng.Between(3, 25))));
        const bool shortfall = roll < 0.10 && i >= 9;
        const bool expiring = !shortfall && p.target == "under_construction" && p.has_workers && rng.Chance(0.06);
        const double form_roll = expiring ? 0.5 : rng.Unit();
        if (shortfall || form_roll < 0.35) {
            in.form = "cash";
            in.issuer = kBanks[p.bank].name;
            in.amount = shortfall ? required * rng.Between(40, 80) / 100 : required;
            in.number = "BZJ-" + p.code;
            if (shortfall) Count("deposits_short");
        } else {
            in.form = form_roll < 0.85 ? "bank_guarantee" : (form_roll < 0.93 ? "insurance" : "guarantee_company");
            in.issuer = in.form == "bank_guarantee" ? kBanks[rng.Below(std::size(kBanks))].name
                        : in.form == "insurance"    ? "中国人民财产保险股份有限公司山东省分公司"
                                                    : "山东省融资担保有限公司";
            in.number = (in.form == "insurance" ? "PICC-" : "BH-") + p.code;
            in.amount = required;
            Date from = in.lodged_on;
            Date to = Max(from.AddDays(400), p.end_on.AddDays(30));
            if (expiring) {
                // Expires within the month: a one-year letter lodged eleven months ago, the
                // contract ending with it.
                to = today_.AddDays(static_cast<int>(rng.Between(5, 25)));
                from = to.AddDays(-366);
                in.lodged_on = from;
                registry::ProjectPatch patch;
                patch.contract_end_on = std::optional<Date>(to);
                services_.projects.Update(supervisor, p.id, patch);
                p.end_on = to;
                Count("guarantees_expiring_soon");
            }
            in.valid_from = from;
            in.valid_to = to;
        }
        services_.deposits.AddInstrument(EnterpriseUser(p.gc, "demo-deposits"), p.id, in);
        Count("deposit_instruments");
    }
}

}  // namespace anxin::demo::generator
