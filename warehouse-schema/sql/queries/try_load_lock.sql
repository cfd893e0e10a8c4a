-- Takes the warehouse's load lock for this connection's session without waiting: 1 if taken, 0 if
-- another session holds it. The lock goes with the session (a killed process leaves none).
{{try_load_lock}};
