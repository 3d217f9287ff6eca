-- Agency seals: a certificate an agency signs its own documents with (issued certificates,
-- extracts), beside officials' personal signing certificates and systems' TLS certificates.
alter table certificate drop constraint certificate_subject_kind_check;
alter table certificate add constraint certificate_subject_kind_check check (subject_kind in ('official', 'system', 'business', 'seal'));
