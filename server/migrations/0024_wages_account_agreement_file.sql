-- 0024: the signed tripartite agreement (建设单位、总包单位与银行的三方资金监管协议) as a scanned file
-- from the file store, beside its number and date.
ALTER TABLE wages_account ADD COLUMN agreement_file_id TEXT NULL;
