-- What modules publish for set-based reads by other modules (server/src/<module>/published.hpp):
-- tables with sealed columns as views without them, so no other module can even select the
-- ciphertext of a phone, ID number or bank card. Decryption stays with the owner (registry's
-- StaffContacts, EnterpriseContactPhone, ContractedWorkerCards, WorkerBankCard).
CREATE VIEW registry_worker_published AS
SELECT id, name, id_card_type, id_number_mask, birth_date, sex, native_region_code, over_age,
       phone_mask, CASE WHEN phone_enc IS NULL THEN 0 ELSE 1 END AS has_phone,
       bank_card_mask, CASE WHEN bank_card_enc IS NULL THEN 0 ELSE 1 END AS has_bank_card, bank_name,
       work_type, registered_by_enterprise_id, created_at, updated_at
FROM registry_worker;

CREATE VIEW registry_enterprise_published AS
SELECT id, credit_code, credit_code_valid, name, legal_representative, region_code, kind, qualification,
       address, contact_name, contact_phone_mask, created_at, updated_at
FROM registry_enterprise;

CREATE VIEW registry_project_staff_published AS
SELECT project_id, duty, name, phone_mask, CASE WHEN phone_enc IS NULL THEN 0 ELSE 1 END AS has_phone, user_id,
       updated_at
FROM registry_project_staff;

-- Complaints as facts (no complainant, no description): what cases reads to answer warnings'
-- ComplaintFacts.
CREATE VIEW clues_clue_published AS
SELECT id, tracking_code, channel, is_construction, worker_id, employer_id, project_id, region_code, county_code,
       industry, unpaid_from, unpaid_to, amount, worker_count, key_grade, status, case_id, accept_deadline_on,
       decided_at, received_at
FROM clues_clue;

-- Wages: the dedicated accounts, their transactions and the lines of pay batches without the sealed
-- account and card numbers (masks only).
CREATE VIEW wages_account_published AS
SELECT id, project_id, general_contractor_id, bank_code, bank_name, branch_name, account_name, account_number_mask,
       opened_on, agreement_ref, agreement_signed_on, filed_on, status, closure_notice_on, closed_on, created_at,
       updated_at
FROM wages_account;

CREATE VIEW wages_account_txn_published AS
SELECT account_id, bank_txn_id, direction, amount, booked_on, counterparty_name, counterparty_account_mask, purpose,
       worker_id, flagged, flag_reason, created_at
FROM wages_account_txn;

CREATE VIEW wages_pay_batch_line_published AS
SELECT batch_id, payroll_line_id, reference, worker_id, payee_name, card_mask, card_bank_name, amount, status,
       failure_reason, settled_on, bank_reference
FROM wages_pay_batch_line;
