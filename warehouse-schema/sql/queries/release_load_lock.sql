-- Gives the load lock back (closing the connection does too): 1 if it was held.
{{release_load_lock}};
