-- A person's preferred language (for notifications and email) may be any of the 14 languages
-- Nara's pages are offered in, not only English and Korean.
alter table person drop constraint person_locale_check;
alter table person add constraint person_locale_check
  check (locale in ('en', 'ko', 'zh-Hans', 'ja', 'vi', 'uz', 'km', 'th', 'bn', 'si', 'mn', 'id', 'ru', 'my'));
