package httpapi

import "container/list"

// bounded is a map that holds at most max keys: adding one more forgets
// the key used least recently. It keeps per-client state (rate limits,
// sign-in attempts) from growing without bound when many addresses or
// accounts are tried.
type bounded[V any] struct {
	max   int
	order *list.List // of *entry[V], most recently used first
	items map[string]*list.Element
}

type entry[V any] struct {
	key string
	val V
}

func newBounded[V any](max int) *bounded[V] {
	return &bounded[V]{max: max, order: list.New(), items: map[string]*list.Element{}}
}

// get returns the value of key and marks it used.
func (b *bounded[V]) get(key string) (V, bool) {
	e, ok := b.items[key]
	if !ok {
		var zero V
		return zero, false
	}
	b.order.MoveToFront(e)
	return e.Value.(*entry[V]).val, true
}

// put sets the value of key, marks it used and forgets the least recently
// used key when there are more than max.
func (b *bounded[V]) put(key string, v V) {
	if e, ok := b.items[key]; ok {
		e.Value.(*entry[V]).val = v
		b.order.MoveToFront(e)
		return
	}
	b.items[key] = b.order.PushFront(&entry[V]{key: key, val: v})
	if b.order.Len() > b.max {
		b.delete(b.order.Back().Value.(*entry[V]).key)
	}
}

func (b *bounded[V]) delete(key string) {
	if e, ok := b.items[key]; ok {
		b.order.Remove(e)
		delete(b.items, key)
	}
}

// oldest returns the least recently used key and its value.
func (b *bounded[V]) oldest() (string, V, bool) {
	e := b.order.Back()
	if e == nil {
		var zero V
		return "", zero, false
	}
	en := e.Value.(*entry[V])
	return en.key, en.val, true
}

func (b *bounded[V]) len() int { return b.order.Len() }
