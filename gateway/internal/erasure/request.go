package erasure

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"plein.dev/platform/messaging"
	"plein.dev/proto/subject"
)

// deleteTimeout bounds looking for and deleting one request.
const deleteTimeout = 5 * time.Second

// DeleteRequestsWith makes the store delete from the accounts stream the
// request of each erasure once every service answered: the address it
// carries, sealed, has served.
func (s *Store) DeleteRequestsWith(js jetstream.JetStream) { s.js = js }

// deleteRequest finds the request of erasure id among the stream's
// erasure requests and deletes it, overwriting it in the store's files
// (SecureDeleteMsg). Found none is no error.
func (s *Store) deleteRequest(ctx context.Context, id string) error {
	ctx, cancel := context.WithTimeout(ctx, deleteTimeout)
	defer cancel()
	name := messaging.StreamName(subject.StreamAccounts)
	stream, err := s.js.Stream(ctx, name)
	if err != nil {
		return fmt.Errorf("delete erasure request %s: %w", id, err)
	}
	c, err := stream.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{string(subject.ErasureRequested)}})
	if err != nil {
		return fmt.Errorf("delete erasure request %s: %w", id, err)
	}
	for {
		batch, err := c.Fetch(64, jetstream.FetchMaxWait(200*time.Millisecond))
		if err != nil {
			return fmt.Errorf("delete erasure request %s: %w", id, err)
		}
		n := 0
		for m := range batch.Messages() {
			n++
			if m.Headers().Get(messaging.HeaderAggregate) != "erasure:"+id {
				continue
			}
			meta, err := m.Metadata()
			if err != nil {
				return fmt.Errorf("delete erasure request %s: %w", id, err)
			}
			if err := stream.SecureDeleteMsg(ctx, meta.Sequence.Stream); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
				return fmt.Errorf("delete erasure request %s: %w", id, err)
			}
			return nil
		}
		if err := batch.Error(); err != nil && !errors.Is(err, jetstream.ErrNoMessages) {
			return fmt.Errorf("delete erasure request %s: %w", id, err)
		}
		if n == 0 {
			return nil
		}
	}
}
