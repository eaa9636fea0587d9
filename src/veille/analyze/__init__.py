"""Analysis over the store: series, stances, revisions (to come)."""
