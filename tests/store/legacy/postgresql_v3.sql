CREATE INDEX IF NOT EXISTS ix_assessments_practice ON assessments (question_id, session_id, round_index, id, created_at, weighted_score, is_estimate);
DROP INDEX IF EXISTS ix_assessments_session_round_question;
