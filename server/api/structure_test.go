package api_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// maxFuncLines is the longest a function of the API may be: a handler parses, calls one
// domain method and answers; anything longer is a rule or a read model that belongs to the
// domain (server/queue), or a piece that wants a name of its own.
const maxFuncLines = 40

// TestHandlersStayThin reads every Go file of the package (tests aside) and fails on a
// function longer than maxFuncLines lines, from its signature to its closing brace.
func TestHandlersStayThin(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset, funcs := token.NewFileSet(), 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			funcs++
			if n := fset.Position(fd.End()).Line - fset.Position(fd.Pos()).Line + 1; n > maxFuncLines {
				t.Errorf("%s: %s is %d lines, want at most %d", fset.Position(fd.Pos()), fd.Name.Name, n, maxFuncLines)
			}
		}
	}
	if funcs < 50 {
		t.Fatalf("read %d functions, want the package's many", funcs)
	}
}

// TestNoStoreBelowAPI follows the imports of the package, and of every package of the module
// it imports, and fails if server/store is among them: the API reaches Redis only through
// the engine and the small interfaces it declares (backend.go), which the wiring fills.
func TestNoStoreBelowAPI(t *testing.T) {
	const module, forbidden = "luot/", "luot/server/store"
	root := filepath.Join("..", "..")
	seen := map[string]bool{}
	var visit func(pkg string, path []string)
	visit = func(pkg string, path []string) {
		if seen[pkg] {
			return
		}
		seen[pkg] = true
		if pkg == forbidden {
			t.Errorf("server/api imports server/store through %s", strings.Join(append(path, pkg), " → "))
			return
		}
		for _, imp := range imports(t, filepath.Join(root, strings.TrimPrefix(pkg, module))) {
			if strings.HasPrefix(imp, module) {
				visit(imp, append(path, pkg))
			}
		}
	}
	visit(module+"server/api", nil)
	if len(seen) < 5 {
		t.Fatalf("followed %d packages, want the API's many", len(seen))
	}
}

// imports lists the imports of the non-test Go files of dir.
func imports(t *testing.T, dir string) []string {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			out = append(out, p)
		}
	}
	return out
}
