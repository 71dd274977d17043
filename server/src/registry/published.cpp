#include "registry/published.hpp"

#include "registry/sealed_contexts.hpp"

namespace anxin::registry {

std::vector<StaffContact> StaffContacts(storage::Transaction& tx, const core::FieldCipher& cipher,
                                        std::string_view project_id) {
    std::vector<StaffContact> contacts;
    for (const auto& r : tx.Query("SELECT duty, name, phone_enc FROM registry_project_staff WHERE project_id = $1 "
                                  "AND phone_enc IS NOT NULL ORDER BY duty",
                                  {project_id}))
        contacts.push_back(StaffContact{r.Text(0), r.Text(1), cipher.Open(r.Text(2), kStaffPhoneContext)});
    return contacts;
}

std::optional<std::string> EnterpriseContactPhone(storage::Transaction& tx, const core::FieldCipher& cipher,
                                                  std::string_view enterprise_id) {
    auto row = tx.QueryOptional(
        "SELECT contact_phone_enc FROM registry_enterprise WHERE id = $1 AND contact_phone_enc IS NOT NULL",
        {enterprise_id});
    if (!row) return std::nullopt;
    return cipher.Open(row->Text(0), kEnterprisePhoneContext);
}

std::vector<ContractedWorkerCard> ContractedWorkerCards(storage::Transaction& tx, const core::FieldCipher& cipher,
                                                        const std::vector<std::string>* project_ids) {
    std::vector<storage::Param> params;
    std::string sql =
        "SELECT DISTINCT c.project_id, w.id, w.bank_card_enc, w.bank_card_mask FROM registry_contract c JOIN "
        "registry_worker w ON w.id = c.worker_id WHERE w.bank_card_enc IS NOT NULL";
    sql += storage::AndIn("c.project_id", project_ids, params);
    sql += " ORDER BY c.project_id, w.id";
    std::vector<ContractedWorkerCard> cards;
    for (const auto& r : tx.Query(sql, params)) {
        ContractedWorkerCard card{r.Text(0), r.Text(1), std::nullopt, r.OptText(3).value_or("")};
        try {
            card.card = cipher.Open(r.Text(2), kBankCardContext);
        } catch (const std::exception&) {
            // Left empty: the caller reports the project (one bad record does not hide the others).
        }
        cards.push_back(std::move(card));
    }
    return cards;
}

std::optional<std::string> WorkerBankCard(storage::Transaction& tx, const core::FieldCipher& cipher,
                                          std::string_view worker_id) {
    auto row = tx.QueryOptional("SELECT bank_card_enc FROM registry_worker WHERE id = $1 AND bank_card_enc IS NOT NULL",
                                {worker_id});
    if (!row) return std::nullopt;
    return cipher.Open(row->Text(0), kBankCardContext);
}

}  // namespace anxin::registry
