-- The counter's opening hours, an office setting (defaults: civil-service hours).
ALTER TABLE office ADD COLUMN hours TEXT NOT NULL DEFAULT '07:30-11:30,13:30-17:00';
