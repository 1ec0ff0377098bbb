package backup

import (
	"context"
	"log/slog"
	"path/filepath"
	"time"

	"plein.dev/platform/config"
)

// Schedule copies the database at src into cfg.Dir/name every cfg.Every,
// keeping the newest cfg.Keep copies, until ctx is done. The first copy is
// due one interval after the newest one already there (at once when there
// is none or it is older), so restarts do not put the schedule off. A copy
// that fails is logged and tried again at the next interval. It returns at
// once when cfg.Dir is empty.
func Schedule(ctx context.Context, src, name string, cfg config.Backup, log *slog.Logger) {
	if cfg.Dir == "" {
		return
	}
	every := cfg.Every
	if every <= 0 {
		every = time.Hour
	}
	dir := filepath.Join(cfg.Dir, name)
	log = log.With(slog.String("component", "backup"), slog.String("dir", dir))

	wait := time.Duration(0)
	if files, err := Files(dir); err != nil {
		log.Warn("reading earlier backups", slog.Any("err", err))
	} else if len(files) > 0 {
		wait = max(0, time.Until(files[len(files)-1].Taken.Add(every)))
	}
	log.Info("backups scheduled", slog.Duration("every", every), slog.Int("keep", cfg.Keep),
		slog.Duration("first_in", wait.Round(time.Second)))
	t := time.NewTimer(wait)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		started := time.Now()
		f, err := Take(ctx, src, dir, cfg.Keep, started)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("backup failed; retried at the next interval", slog.Any("err", err))
		case err == nil:
			log.Info("backup taken", slog.String("file", f.Path), slog.Int64("bytes", f.Size),
				slog.Duration("took", time.Since(started)))
		}
		t.Reset(max(0, time.Until(started.Add(every))))
	}
}
