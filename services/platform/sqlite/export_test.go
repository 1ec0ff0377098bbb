package sqlite

import "time"

// Queued returns how many InTx calls wait for the writer to take them.
func (db *DB) Queued() int {
	db.w.mu.Lock()
	defer db.w.mu.Unlock()
	n := 0
	for _, c := range db.w.queue {
		if c.state.Load() == waiting {
			n++
		}
	}
	return n
}

// SetBatchLimits changes how many calls and how long one batch may take;
// it applies from the next batch.
func (db *DB) SetBatchLimits(calls int, age time.Duration) {
	db.w.mu.Lock()
	defer db.w.mu.Unlock()
	db.w.maxCalls, db.w.maxAge = calls, age
}

// WALCheckpointPages is the writer's wal_autocheckpoint.
const WALCheckpointPages = walCheckpointPages
