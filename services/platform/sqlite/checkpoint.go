package sqlite

import (
	"context"
	"fmt"
	"time"
)

// checkpointTries bounds how often Checkpoint asks again while readers
// keep the WAL from being emptied.
const checkpointTries = 50

// Checkpoint copies every page of the WAL into the database file and
// truncates the WAL to nothing (PRAGMA wal_checkpoint(TRUNCATE)). After an
// erasure it takes the erased bytes off the disk: secure_delete zeroes
// them in the database's pages, but the WAL still holds the frames written
// before. A reader in the middle of a read keeps the WAL alive; Checkpoint
// then tries again, for up to about a second. Call it outside InTx.
func (db *DB) Checkpoint(ctx context.Context) error {
	for range checkpointTries {
		var busy, logFrames, checkpointed int
		if err := db.W.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &checkpointed); err != nil {
			return fmt.Errorf("checkpoint: %w", err)
		}
		if busy == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	return fmt.Errorf("checkpoint: readers kept the WAL busy %d times", checkpointTries)
}
