-- Search across dossiers (counterdesk/search.py): document titles and the text of
-- digitized copies, accents optional.
--
-- Words are matched folded: lower case, without diacritics, đ as d. The tokenizer removes
-- the diacritics ('remove_diacritics 2' also handles the Vietnamese letters with two
-- marks, such as ế or ợ) but not đ/Đ, a letter of its own rather than d with a mark, so
-- SQL replaces it by hand; text written from Python is already folded by
-- domain.vietnamese.fold(). Both give the same words.

-- One row per digitized copy, rowid = digitized_documents.id: its title, its text folded
-- (searched), and its text as read (shown around a match). The row is made with the
-- document (trigger below, so every way a copy is recorded is covered); digitizing then
-- writes the text of the copy's OCR layer in the same transaction.
CREATE VIRTUAL TABLE digitized_fts USING fts5(
    title, body, text UNINDEXED, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER digitized_fts_i AFTER INSERT ON digitized_documents BEGIN
    INSERT INTO digitized_fts (rowid, title, body, text)
    VALUES (new.id, replace(replace(new.title, 'đ', 'd'), 'Đ', 'D'), '', '');
END;
CREATE TRIGGER digitized_fts_u AFTER UPDATE OF title ON digitized_documents BEGIN
    UPDATE digitized_fts SET title = replace(replace(new.title, 'đ', 'd'), 'Đ', 'D')
    WHERE rowid = new.id;
END;
-- A copy removed at the end of its retention period leaves no text behind to find.
CREATE TRIGGER digitized_fts_removed AFTER UPDATE OF removed_at ON digitized_documents
WHEN new.removed_at IS NOT NULL BEGIN
    DELETE FROM digitized_fts WHERE rowid = new.id;
END;
-- Copies made before this version: their titles are indexed here; their text is not
-- (reading it needs the PDFs, not SQL), so they are found by title only.
INSERT INTO digitized_fts (rowid, title, body, text)
SELECT id, replace(replace(title, 'đ', 'd'), 'Đ', 'D'), '', ''
FROM digitized_documents WHERE removed_at IS NULL;

-- Titles of certified documents, rowid = book_entries.id (entries are permanent: they are
-- never updated or deleted, so inserting is all there is to follow).
CREATE VIRTUAL TABLE book_titles_fts USING fts5(
    title, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER book_titles_fts_i AFTER INSERT ON book_entries BEGIN
    INSERT INTO book_titles_fts (rowid, title)
    VALUES (new.id, replace(replace(new.document_title, 'đ', 'd'), 'Đ', 'D'));
END;
INSERT INTO book_titles_fts (rowid, title)
SELECT id, replace(replace(document_title, 'đ', 'd'), 'Đ', 'D') FROM book_entries;

-- A citizen's dossiers, for the citizens the search finds.
CREATE INDEX dossiers_citizen ON dossiers (citizen_id);
