CREATE TABLE schema_migrations (
	version SERIAL NOT NULL, 
	name VARCHAR NOT NULL, 
	applied_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	PRIMARY KEY (version)
);
CREATE TABLE sessions (
	id VARCHAR NOT NULL, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	status VARCHAR NOT NULL, 
	mode VARCHAR NOT NULL, 
	interviewer_model VARCHAR, 
	judge_model VARCHAR, 
	target_level VARCHAR NOT NULL, 
	plan_json VARCHAR NOT NULL, 
	elapsed_s FLOAT NOT NULL, 
	overall_score FLOAT, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_sessions_status ON sessions (status);
CREATE INDEX ix_sessions_created_at ON sessions (created_at);
CREATE TABLE llm_calls (
	id SERIAL NOT NULL, 
	session_id VARCHAR, 
	purpose VARCHAR NOT NULL, 
	model VARCHAR NOT NULL, 
	prompt_tokens INTEGER NOT NULL, 
	completion_tokens INTEGER NOT NULL, 
	cached_tokens INTEGER NOT NULL, 
	tokens_estimated BOOLEAN NOT NULL, 
	latency_ms FLOAT NOT NULL, 
	cost_usd FLOAT, 
	ok BOOLEAN NOT NULL, 
	error VARCHAR, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_llm_calls_session_id ON llm_calls (session_id);
CREATE TABLE rounds (
	id SERIAL NOT NULL, 
	session_id VARCHAR NOT NULL, 
	round_index INTEGER NOT NULL, 
	kind VARCHAR NOT NULL, 
	minutes INTEGER NOT NULL, 
	started_at_s FLOAT, 
	ended_at_s FLOAT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(session_id) REFERENCES sessions (id)
);
CREATE INDEX ix_rounds_session_id ON rounds (session_id);
CREATE TABLE turns (
	id SERIAL NOT NULL, 
	session_id VARCHAR NOT NULL, 
	seq INTEGER NOT NULL, 
	round_index INTEGER NOT NULL, 
	role VARCHAR NOT NULL, 
	kind VARCHAR NOT NULL, 
	text VARCHAR NOT NULL, 
	phase VARCHAR NOT NULL, 
	question_id VARCHAR, 
	follow_up_id VARCHAR, 
	criterion VARCHAR, 
	facts_json VARCHAR NOT NULL, 
	at_s FLOAT NOT NULL, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(session_id) REFERENCES sessions (id)
);
CREATE INDEX ix_turns_question_id ON turns (question_id);
CREATE INDEX ix_turns_session_id ON turns (session_id);
CREATE TABLE assessments (
	id SERIAL NOT NULL, 
	session_id VARCHAR NOT NULL, 
	round_index INTEGER NOT NULL, 
	question_id VARCHAR NOT NULL, 
	rubric_id VARCHAR NOT NULL, 
	rubric_version INTEGER NOT NULL, 
	judge_kind VARCHAR NOT NULL, 
	judge_model VARCHAR, 
	overall_level INTEGER, 
	weighted_score FLOAT, 
	is_estimate BOOLEAN NOT NULL, 
	injection_suspected BOOLEAN NOT NULL, 
	strengths_json VARCHAR NOT NULL, 
	to_strong_hire_json VARCHAR NOT NULL, 
	red_flags_json VARCHAR NOT NULL, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(session_id) REFERENCES sessions (id)
);
CREATE INDEX ix_assessments_question_id ON assessments (question_id);
CREATE INDEX ix_assessments_session_id ON assessments (session_id);
CREATE INDEX ix_assessments_created_at ON assessments (created_at);
CREATE TABLE criterion_scores (
	id SERIAL NOT NULL, 
	assessment_id INTEGER NOT NULL, 
	criterion VARCHAR NOT NULL, 
	weight FLOAT NOT NULL, 
	level INTEGER, 
	evidence_json VARCHAR NOT NULL, 
	reasoning VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(assessment_id) REFERENCES assessments (id)
);
CREATE INDEX ix_criterion_scores_assessment_id ON criterion_scores (assessment_id);
