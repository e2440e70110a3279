package pdf

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/jung-kurt/gofpdf"

	"luot/assets"
)

var (
	testRenderer     *Renderer
	testRendererErr  error
	testRendererOnce sync.Once
)

// renderer is one Renderer for all tests, as the server keeps one.
func renderer(t testing.TB) *Renderer {
	t.Helper()
	testRendererOnce.Do(func() { testRenderer, testRendererErr = NewRenderer(assets.Files) })
	if testRendererErr != nil {
		t.Fatalf("NewRenderer: %v", testRendererErr)
	}
	return testRenderer
}

// bareGofpdf is a gofpdf document of its own in the ticket's regular font at 12 pt, for the
// tests that show gofpdf's traps without the renderer.
func bareGofpdf(t testing.TB) *gofpdf.Fpdf {
	t.Helper()
	b, err := assets.Files.ReadFile("fonts/BeVietnamPro_400Regular.ttf")
	if err != nil {
		t.Fatal(err)
	}
	p := gofpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes("v", "", b)
	p.SetFont("v", "", 12)
	return p
}

// render renders a ticket and returns the PDF.
func render(t testing.TB, tk Ticket) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := renderer(t).Render(&buf, tk); err != nil {
		t.Fatalf("render: %v", err)
	}
	return buf.Bytes()
}

// tool runs a poppler-utils program; the tests need them (`make test` installs them).
func tool(t testing.TB, name string, args ...string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Fatalf("%s is not installed: run `make test` (it installs poppler-utils) or `apt-get install poppler-utils`", name)
	}
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}

// pdftotext extracts the text of a PDF with poppler's pdftotext.
func pdftotext(t testing.TB, pdf []byte) string {
	t.Helper()
	dir := t.TempDir()
	in, out := filepath.Join(dir, "t.pdf"), filepath.Join(dir, "t.txt")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	tool(t, "pdftotext", "-enc", "UTF-8", in, out)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// pdftoppm rasterises the first page of a PDF at dpi with poppler's pdftoppm; it also
// returns the PNG file.
func pdftoppm(t testing.TB, pdf []byte, dpi string) (image.Image, []byte) {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "t.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	tool(t, "pdftoppm", "-png", "-r", dpi, "-singlefile", in, filepath.Join(dir, "t"))
	b, err := os.ReadFile(filepath.Join(dir, "t.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img, b
}
