package sqlite

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/ledger"
	_ "modernc.org/sqlite" // the database/sql driver "sqlite"
)

// DefaultPath is the database a server uses when neither a flag nor
// JIRGA_DB names one.
const DefaultPath = "jirga.db"

// EnvPath is the environment variable that names the database.
const EnvPath = "JIRGA_DB"

// PathFromEnv returns $JIRGA_DB, or DefaultPath when it is unset or empty.
func PathFromEnv() string {
	if p := os.Getenv(EnvPath); p != "" {
		return p
	}
	return DefaultPath
}

// Options tune a store. The zero value is the default.
type Options struct {
	// Now is the sequencer's clock, which stamps each entry (default
	// time.Now). An entry's time is never before the previous entry's.
	Now func() time.Time
	// MaxBatch bounds how many envelopes one transaction commits (default
	// 1024).
	MaxBatch int
}

// Store is the embedded ledger: an SQLite database in WAL mode holding the
// genesis, its charter files and the append-only chain of entries, with
// the state derived from them kept in memory. Open replays and verifies
// the whole chain. Append is safe for concurrent callers: envelopes that
// arrive together are applied in arrival order and committed in one
// transaction (group commit), and each caller is answered only once its
// batch is durable.
type Store struct {
	path string
	db   *sql.DB // the writer: one connection
	rdb  *sql.DB // readers
	opts Options

	mu     sync.RWMutex // guards state and failed
	state  *ledger.State
	failed error

	queue   chan *request
	closing chan struct{}
	stopped chan struct{}
	once    sync.Once
}

// request is one envelope waiting for the writer.
type request struct {
	signed *ledger.Signed
	done   chan reply
}

type reply struct {
	receipt *Receipt
	err     error
}

// Receipt is the answer to an accepted envelope: the entry that holds it,
// durable, and the events it caused.
type Receipt struct {
	Entry  *ledger.Entry
	Events []jirga.Event
}

// dsn builds the URI of a database file; SQLite reads '?' and '#' in a
// path as URI syntax, so they and '%' are escaped.
func dsn(path string, params ...string) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return "file:" + r.Replace(path) + "?" + strings.Join(params, "&")
}

// Open opens (creating it if need be) the ledger database at path,
// migrates its schema, and replays and verifies its chain. A broken chain
// is refused with an error naming the first bad entry. A new database has
// no genesis until Init.
func Open(path string) (*Store, error) { return OpenWith(path, Options{}) }

// OpenWith is Open with options.
func OpenWith(path string, opts Options) (*Store, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 1024
	}
	ctx := context.Background()
	db, err := sql.Open("sqlite", dsn(path, "_txlock=immediate", "_busy_timeout=10000", "_journal_mode=WAL", "_synchronous=FULL"))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, jirga.Errorf(jirga.EINVALID, "open ledger database %s: %v", path, err)
	}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("ledger database %s: %w", path, err)
	}
	rdb, err := sql.Open("sqlite", dsn(path, "_busy_timeout=10000", "_query_only=1"))
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &Store{path: path, db: db, rdb: rdb, opts: opts,
		queue: make(chan *request, 4096), closing: make(chan struct{}), stopped: make(chan struct{})}
	st, err := load(ctx, rdb)
	if err != nil {
		s.closeDB()
		return nil, fmt.Errorf("ledger database %s: %w", path, err)
	}
	if err := syncDerived(ctx, db, st); err != nil {
		s.closeDB()
		return nil, fmt.Errorf("ledger database %s: %w", path, err)
	}
	s.state = st
	go s.writer()
	return s, nil
}

// Verify opens the ledger database at path read-only and replays it: every
// entry's hash, signature and state transition. It returns the final
// state, or an error naming the first bad entry together with the state
// before it.
func Verify(ctx context.Context, path string) (*ledger.State, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, jirga.Errorf(jirga.ENOTFOUND, "no ledger database at %s", path)
	}
	db, err := sql.Open("sqlite", dsn(path, "mode=ro", "_busy_timeout=10000"))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer db.Close()
	g, files, err := readGenesis(ctx, db)
	if err != nil {
		return nil, err
	}
	if g == nil {
		return nil, jirga.Errorf(jirga.EINVALID, "ledger database %s has no genesis", path)
	}
	st, err := ledger.NewState(g, files)
	if err != nil {
		return nil, err
	}
	return st, st.Replay(rawEntries(ctx, db, 1))
}

// load reads the genesis and replays the chain; a database without a
// genesis yields a nil state.
func load(ctx context.Context, db *sql.DB) (*ledger.State, error) {
	g, files, err := readGenesis(ctx, db)
	if err != nil || g == nil {
		return nil, err
	}
	st, err := ledger.NewState(g, files)
	if err != nil {
		return nil, fmt.Errorf("genesis: %w", err)
	}
	if err := st.Replay(rawEntries(ctx, db, 1)); err != nil {
		return nil, &jirga.Error{Code: jirga.ErrorCode(err), Message: "the chain is broken, refusing to start: " + jirga.ErrorMessage(err)}
	}
	return st, nil
}

func readGenesis(ctx context.Context, db *sql.DB) (*ledger.Genesis, []charter.File, error) {
	var chainID string
	var data []byte
	err := db.QueryRowContext(ctx, `SELECT chain_id, genesis FROM genesis WHERE id = 1`).Scan(&chainID, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, nil
	}
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return nil, nil, jirga.Errorf(jirga.EINVALID, "not a jirga ledger database (no genesis table)")
		}
		return nil, nil, fmt.Errorf("read genesis: %w", err)
	}
	g, err := ledger.ParseGenesis(data)
	if err != nil {
		return nil, nil, err
	}
	if g.ChainID() != chainID {
		return nil, nil, jirga.Errorf(jirga.EINVALID, "genesis hashes to %s, but the database records chain id %s", g.ChainID(), chainID)
	}
	rows, err := db.QueryContext(ctx, `SELECT path, data FROM charter_files ORDER BY path`)
	if err != nil {
		return nil, nil, fmt.Errorf("read charter files: %w", err)
	}
	defer rows.Close()
	var files []charter.File
	for rows.Next() {
		var f charter.File
		if err := rows.Scan(&f.Path, &f.Data); err != nil {
			return nil, nil, fmt.Errorf("read charter files: %w", err)
		}
		files = append(files, f)
	}
	return g, files, rows.Err()
}

// rawEntries yields the stored entries from index from on, in order.
func rawEntries(ctx context.Context, db *sql.DB, from uint64) iter.Seq2[ledger.RawEntry, error] {
	return func(yield func(ledger.RawEntry, error) bool) {
		rows, err := db.QueryContext(ctx, `SELECT idx, time, prev_hash, envelope, signature, hash FROM events WHERE idx >= ? ORDER BY idx`, int64(from))
		if err != nil {
			yield(ledger.RawEntry{}, fmt.Errorf("read events: %w", err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			var r ledger.RawEntry
			var idx int64
			if err := rows.Scan(&idx, &r.Time, &r.PrevHash, &r.Envelope, &r.Signature, &r.Hash); err != nil {
				yield(r, fmt.Errorf("read events: %w", err))
				return
			}
			r.Index = uint64(idx)
			if !yield(r, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(ledger.RawEntry{}, fmt.Errorf("read events: %w", err))
		}
	}
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Init writes the genesis of a new ledger and the charter files it names.
// It fails with a conflict if the ledger already has a genesis.
func (s *Store) Init(ctx context.Context, g *ledger.Genesis, files []charter.File) error {
	if err := ledger.CheckFiles(files); err != nil {
		return err
	}
	st, err := ledger.NewState(g, files)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state != nil {
		return jirga.Errorf(jirga.ECONFLICT, "ledger %s already has a genesis (chain %s)", s.path, s.state.ChainID())
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("init: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO genesis (id, chain_id, genesis) VALUES (1, ?, ?)`, g.ChainID(), g.Canonical()); err != nil {
		return fmt.Errorf("init: %w", err)
	}
	for _, f := range files {
		if _, err := tx.ExecContext(ctx, `INSERT INTO charter_files (path, data) VALUES (?, ?)`, f.Path, f.Data); err != nil {
			return fmt.Errorf("init: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("init: %w", err)
	}
	s.state = st
	return nil
}

// errNoGenesis is returned by operations that need a genesis.
func (s *Store) errNoGenesis() error {
	return jirga.Errorf(jirga.ENOTFOUND, "ledger %s has no genesis yet: run `jirga ledger init`", s.path)
}

// View calls fn with the current state under a read lock: fn must not keep
// the state or call the store's writing methods. The values the state's
// accessors return, and its Charter, may be kept.
func (s *Store) View(fn func(*ledger.State) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.state == nil {
		return s.errNoGenesis()
	}
	return fn(s.state)
}

// Charter returns the charter in force (see ledger.State.Charter), or nil
// before Init.
func (s *Store) Charter() *charter.Charter {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.state == nil {
		return nil
	}
	return s.state.Charter()
}

// Head returns the height and head hash of the chain (0 and the chain id
// right after Init; 0 and "" before).
func (s *Store) Head() (uint64, string) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.state == nil {
		return 0, ""
	}
	return s.state.Height(), s.state.Head()
}

// Genesis returns the ledger's genesis, or nil before Init.
func (s *Store) Genesis() *ledger.Genesis {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.state == nil {
		return nil
	}
	return s.state.Genesis()
}

// GenesisFiles returns the charter files of the genesis, as stored.
func (s *Store) GenesisFiles(ctx context.Context) ([]charter.File, error) {
	_, files, err := readGenesis(ctx, s.rdb)
	return files, err
}

// Entries returns up to limit entries from index from on, in order.
func (s *Store) Entries(ctx context.Context, from uint64, limit int) ([]*ledger.Entry, error) {
	var out []*ledger.Entry
	for e, err := range s.Scan(ctx, from) {
		if err != nil {
			return nil, err
		}
		if len(out) >= limit {
			break
		}
		out = append(out, e)
	}
	return out, nil
}

// Scan yields the stored entries from index from on, in order, checking
// each one's signature as it is read.
func (s *Store) Scan(ctx context.Context, from uint64) iter.Seq2[*ledger.Entry, error] {
	return func(yield func(*ledger.Entry, error) bool) {
		for r, err := range rawEntries(ctx, s.rdb, max(from, 1)) {
			if err != nil {
				yield(nil, err)
				return
			}
			e, err := ledger.NewEntry(r)
			if !yield(e, err) || err != nil {
				return
			}
		}
	}
}

// Export writes the ledger as JSON lines: a header with the genesis and
// its charter files, then every entry (see ledger.ReadExport). Entries are
// written as stored, unchecked: verify the export to check them.
func (s *Store) Export(ctx context.Context, w io.Writer) error {
	return export(ctx, s.rdb, w)
}

// ExportFile exports the ledger database at path, opened read-only.
func ExportFile(ctx context.Context, path string, w io.Writer) error {
	if _, err := os.Stat(path); err != nil {
		return jirga.Errorf(jirga.ENOTFOUND, "no ledger database at %s", path)
	}
	db, err := sql.Open("sqlite", dsn(path, "mode=ro", "_busy_timeout=10000"))
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer db.Close()
	return export(ctx, db, w)
}

func export(ctx context.Context, db *sql.DB, w io.Writer) error {
	g, files, err := readGenesis(ctx, db)
	if err != nil {
		return err
	}
	if g == nil {
		return jirga.Errorf(jirga.ENOTFOUND, "the ledger has no genesis yet: run `jirga ledger init`")
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	h := &ledger.Header{Genesis: g, Files: files}
	if _, err := bw.Write(append(h.AppendJSON(nil), '\n')); err != nil {
		return err
	}
	buf := make([]byte, 0, 4096)
	for r, err := range rawEntries(ctx, db, 1) {
		if err != nil {
			return err
		}
		buf = append(r.AppendJSON(buf[:0]), '\n')
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// Close stops accepting envelopes, lets the writer finish the batch in
// hand, and closes the database.
func (s *Store) Close() error {
	var err error
	s.once.Do(func() {
		close(s.closing)
		<-s.stopped
		err = s.closeDB()
	})
	return err
}

func (s *Store) closeDB() error {
	return errors.Join(s.rdb.Close(), s.db.Close())
}
