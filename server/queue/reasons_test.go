package queue

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestReasonsDeclared reads every Go file of the server and fails on a literal reason passed
// to Fail (or to the API's bad) that the vocabulary does not declare, and on a declared
// reason without both messages.
func TestReasonsDeclared(t *testing.T) {
	for word, r := range reasons {
		if r.Kind == nil || r.VI == "" || r.EN == "" || r.VI == r.EN {
			t.Errorf("reason %q: got kind %v, vi %q, en %q; want a kind and both messages", word, r.Kind, r.VI, r.EN)
		}
		if KindByCode(word) != nil {
			t.Errorf("reason %q is also a kind's code: one word, one declaration", word)
		}
	}
	calls := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, src, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 2 || !isFailCall(call.Fun) {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok {
				return true
			}
			calls++
			word, _ := strconv.Unquote(lit.Value)
			if _, ok := reasons[word]; !ok {
				t.Errorf("%s: reason %q is not declared in reasons.go", path, word)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls < 50 {
		t.Errorf("read %d calls of Fail, want the server's many", calls)
	}
}

func isFailCall(fun ast.Expr) bool {
	switch f := fun.(type) {
	case *ast.Ident:
		return f.Name == "Fail" || f.Name == "bad"
	case *ast.SelectorExpr:
		return f.Sel.Name == "Fail"
	}
	return false
}

// TestFail: a declared reason fails as its kind with its messages; an undeclared one is an
// internal error, never a 4xx that blames the caller.
func TestFail(t *testing.T) {
	err := Fail("not_waiting", "t1")
	if !errors.Is(err, ErrInvalidState) || KindOf(err).Status != 409 {
		t.Errorf("not_waiting: got %v (status %d), want invalid_state 409", err, KindOf(err).Status)
	}
	if got := Message(err, false); got != reasons["not_waiting"].VI {
		t.Errorf("vi: got %q", got)
	}
	if got := Message(err, true); got != reasons["not_waiting"].EN {
		t.Errorf("en: got %q", got)
	}
	if got := Message(ErrCounterClosed, true); got != "The counter is closed" {
		t.Errorf("kind's message: got %q", got)
	}
	if k := KindOf(Fail("no_such_word", "")); k != ErrInternal {
		t.Errorf("undeclared: got %v, want internal", k)
	}
	if k := KindOf(errors.New("x")); k != ErrInternal {
		t.Errorf("plain error: got %v, want internal", k)
	}
	seen := map[string]bool{}
	for _, k := range Kinds {
		if seen[k.Code] || k.Status < 400 || k.VI == "" || k.EN == "" {
			t.Errorf("kind %q: duplicate or incomplete (%d)", k.Code, k.Status)
		}
		seen[k.Code] = true
	}
}
