package ledger

import (
	"iter"
	"runtime"
	"sync"

	"github.com/jirga/jirga"
)

// Replay applies stored entries, in index order, to the state. Decoding
// and signature checks run on every core, signatures in batches; Apply
// runs in order. It stops at
// the first bad entry with an error that names it ("entry 42: ...") and
// leaves the state at the entry before.
func (s *State) Replay(entries iter.Seq2[RawEntry, error]) error {
	return s.ReplayWith(entries, nil)
}

// ReplayWith is Replay calling fn, when it is not nil, with each entry
// applied and the events it caused, in order; an error from fn stops the
// replay and is returned.
func (s *State) ReplayWith(entries iter.Seq2[RawEntry, error], fn func(*Entry, []jirga.Event) error) error {
	return replay(s, entries, func(r RawEntry) (*Entry, error) { return newEntry(r, false) }, fn)
}

// ReplayJSON is Replay over entries as JSON lines (DecodeEntry).
func (s *State) ReplayJSON(lines iter.Seq2[[]byte, error]) error {
	return replay(s, lines, func(line []byte) (*Entry, error) { return decodeEntry(line, false) }, nil)
}

// batchSize is how many entries a worker decodes at a time.
const batchSize = 256

type batch[T any] struct {
	in      []T
	out     []*Entry
	errs    []error
	readErr error
	done    chan struct{}
}

func replay[T any](s *State, src iter.Seq2[T, error], decode func(T) (*Entry, error), fn func(*Entry, []jirga.Event) error) error {
	work := make(chan *batch[T], 64)
	ordered := make(chan *batch[T], 64)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				b.out = make([]*Entry, len(b.in))
				b.errs = make([]error, len(b.in))
				for i, x := range b.in {
					b.out[i], b.errs[i] = decode(x)
				}
				verifyBatch(b.out, b.errs)
				close(b.done)
			}
		}()
	}
	go func() {
		defer close(ordered)
		defer close(work)
		b := &batch[T]{done: make(chan struct{})}
		send := func() bool {
			select {
			case ordered <- b:
			case <-stop:
				return false
			}
			if b.readErr != nil {
				close(b.done)
				return false
			}
			work <- b
			b = &batch[T]{done: make(chan struct{})}
			return true
		}
		for x, err := range src {
			if err != nil {
				b.readErr = err
				send()
				return
			}
			b.in = append(b.in, x)
			if len(b.in) == batchSize && !send() {
				return
			}
		}
		if len(b.in) > 0 {
			send()
		}
	}()
	var err error
	for b := range ordered {
		<-b.done
		if err == nil {
			err = s.applyBatch(b.out, b.errs, fn)
		}
		if err == nil && b.readErr != nil {
			err = b.readErr
		}
		if err != nil {
			select {
			case <-stop:
			default:
				close(stop)
			}
		}
	}
	wg.Wait()
	return err
}

func (s *State) applyBatch(entries []*Entry, errs []error, fn func(*Entry, []jirga.Event) error) error {
	for i, e := range entries {
		if errs[i] != nil {
			return errs[i]
		}
		events, err := s.Apply(e)
		if err != nil {
			return entryError(e.index, err)
		}
		if fn != nil {
			if err := fn(e, events); err != nil {
				return err
			}
		}
	}
	return nil
}

// verifyBatch checks the signatures of decoded entries in one batch and
// turns each bad one into its entry's error.
func verifyBatch(entries []*Entry, errs []error) {
	var pubs, msgs, sigs [][]byte
	var at []int
	for i, e := range entries {
		if errs[i] != nil {
			continue
		}
		pubs = append(pubs, e.signed.signerKey())
		msgs = append(msgs, e.signed.canonical)
		sigs = append(sigs, e.signed.sig)
		at = append(at, i)
	}
	for j, ok := range batchVerify(pubs, msgs, sigs) {
		if !ok {
			i := at[j]
			errs[i] = entryError(entries[i].index, entries[i].signed.badSignature())
			entries[i] = nil
		}
	}
}
