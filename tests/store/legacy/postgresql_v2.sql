CREATE TABLE review_cards (
	question_id VARCHAR NOT NULL, 
	card_json VARCHAR NOT NULL, 
	due TIMESTAMP WITH TIME ZONE NOT NULL, 
	last_review TIMESTAMP WITH TIME ZONE, 
	reps INTEGER NOT NULL, 
	lapses INTEGER NOT NULL, 
	last_rating INTEGER, 
	last_assessment_id INTEGER NOT NULL, 
	judgements INTEGER NOT NULL, 
	rejudged_json VARCHAR NOT NULL, 
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	PRIMARY KEY (question_id)
);
CREATE INDEX ix_review_cards_due ON review_cards (due);
CREATE INDEX IF NOT EXISTS ix_assessments_session_round_question ON assessments (session_id, round_index, question_id, id);
