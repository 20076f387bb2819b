package main

import (
	"github.com/jirga/jirga/charter"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newSchemaCommand) }

func newSchemaCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of charter and law files, for editors",
		Long: `Schema prints a JSON Schema (draft-07) for charter.yaml and law
files. Editors that understand JSON Schema (VS Code with the YAML
extension, JetBrains IDEs, Neovim with yaml-language-server) then complete
keys and flag mistakes as you type.

The schema checks shape only; 'jirga check' also checks references,
competences and conditions.`,
		Example: `  jirga schema > charter.schema.json
  # then, first line of charter.yaml or a law file:
  # yaml-language-server: $schema=./charter.schema.json`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return writeJSON(cmd.OutOrStdout(), charter.Schema())
		},
	}
}
