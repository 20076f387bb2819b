package main

import (
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/ledger"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newKeygenCommand) }

// keygenReport is the JSON form of jirga keygen.
type keygenReport struct {
	Public  string      `json:"public"`
	Private string      `json:"private_file,omitempty"`
	PubFile string      `json:"public_file,omitempty"`
	JWK     *ledger.JWK `json:"private_jwk,omitempty"`
}

func newKeygenCommand() *cobra.Command {
	var out string
	var asJSON, force bool
	cmd := &cobra.Command{
		Use:   "keygen [--out NAME]",
		Short: "Make a delegate's ed25519 key pair",
		Long: `Keygen makes a new ed25519 key pair for a delegate of the governance
ledger and prints the public key, which goes into the ledger's delegates
file (jirga ledger init) or a delegate.register envelope.

With --out NAME it writes two files:
  NAME.key  the private key as a JSON Web Key (RFC 8037), readable by its
            owner only (mode 0600). Keep it secret: whoever holds it acts
            for the delegate. A browser imports it with
            crypto.subtle.importKey("jwk", key, "Ed25519", false, ["sign"]).
  NAME.pub  the public key on one line.
Existing files are never overwritten unless --force is given.

Without --out nothing is written: with --json the private JWK is printed
(for piping into a secret store), else keygen refuses, so that a private
key never lands on a terminal by accident.

Keys are base64url without padding (43 characters), the form the ledger
uses everywhere; see docs/ledger.md.`,
		Example: `  jirga keygen --out iea-bench
  jirga keygen --out iea-bench --json
  jirga keygen --json | jq -r .public`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" && !asJSON {
				return usageError("name the key files with --out NAME (or use --json to print the key)")
			}
			return runKeygen(cmd.OutOrStdout(), out, asJSON, force)
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "write NAME.key (private, 0600) and NAME.pub")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	cmd.Flags().BoolVar(&force, "force", false, "overwrite existing key files")
	return cmd
}

func runKeygen(w io.Writer, out string, asJSON, force bool) error {
	pub, priv, err := ledger.GenerateKey()
	if err != nil {
		return fmt.Errorf("generate key: %w", err)
	}
	report := keygenReport{Public: ledger.EncodeKey(pub)}
	if out == "" {
		jwk := ledger.PrivateJWK(priv)
		report.JWK = &jwk
		return writeJSON(w, report)
	}
	report.Private, report.PubFile = out+".key", out+".pub"
	if err := writeKeyFiles(out, priv, force); err != nil {
		return err
	}
	if asJSON {
		return writeJSON(w, report)
	}
	fmt.Fprintln(w, report.Public)
	fmt.Fprintf(w, "private key: %s (keep it secret)\npublic key:  %s\n", report.Private, report.PubFile)
	return nil
}

// writeKeyFiles writes NAME.key (0600) and NAME.pub, refusing to replace
// existing files unless force is set.
func writeKeyFiles(out string, priv ed25519.PrivateKey, force bool) error {
	data, err := json.Marshal(ledger.PrivateJWK(priv))
	if err != nil {
		return err
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	pub := ledger.EncodeKey(priv.Public().(ed25519.PublicKey))
	for _, f := range []struct {
		name string
		data []byte
		mode os.FileMode
	}{{out + ".key", append(data, '\n'), 0o600}, {out + ".pub", []byte(pub + "\n"), 0o644}} {
		file, err := os.OpenFile(f.name, flags, f.mode)
		if errors.Is(err, fs.ErrExist) {
			return jirga.Errorf(jirga.ECONFLICT, "%s exists: choose another --out, or --force to replace it", f.name)
		}
		if err != nil {
			return jirga.Errorf(jirga.EINVALID, "write %s: %v", f.name, err)
		}
		if err := file.Chmod(f.mode); err != nil {
			file.Close()
			return jirga.Errorf(jirga.EINVALID, "write %s: %v", f.name, err)
		}
		if _, err := file.Write(f.data); err != nil {
			file.Close()
			return jirga.Errorf(jirga.EINVALID, "write %s: %v", f.name, err)
		}
		if err := file.Close(); err != nil {
			return jirga.Errorf(jirga.EINVALID, "write %s: %v", f.name, err)
		}
	}
	return nil
}

// readKey reads a private key file written by keygen.
func readKey(path string) (ed25519.PrivateKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, jirga.Errorf(jirga.EINVALID, "read key: %v", err)
	}
	priv, err := ledger.ParsePrivateJWK(data)
	if err != nil {
		return nil, jirga.Errorf(jirga.EINVALID, "%s: %s", path, jirga.ErrorMessage(err))
	}
	return priv, nil
}
