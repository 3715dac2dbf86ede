package ai.gatewayz.obs.gotemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine against Go's text/template semantics (package docs and exec_test.go's behaviour, cases
 * written for this suite): each row is a template, the data it runs on and what Go prints, or the
 * error Go reports at parse or execution time.
 */
class GoSemanticsTest {
    /** The data every case runs on ({@code .}). */
    static final Map<String, Object> DATA;

    static {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("s", "hello");
        d.put("n", 3L);
        d.put("zero", 0L);
        d.put("f", 1.5);
        d.put("t", true);
        d.put("empty", "");
        d.put("list", List.of("a", "b", "c"));
        d.put("none", List.of());
        d.put("m", Map.of("b", "2", "a", "1"));
        d.put("nested", Map.of("inner", Map.of("x", "deep")));
        DATA = d;
    }

    record Case(String name, String template, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> outputs() {
        return Stream.of(
                new Case("text only", "plain", "plain"),
                new Case("field", "{{.s}}", "hello"),
                new Case("nested field", "{{.nested.inner.x}}", "deep"),
                new Case("missing map key is zero", "[{{.m.zz}}]", "[]"),
                new Case("dot", "{{.n}}{{with .s}}{{.}}{{end}}", "3hello"),
                new Case("$ is the data", "{{with .m}}{{$.s}}{{end}}", "hello"),
                // printf and friends: Go's fmt
                new Case("printf %d", "{{printf \"%d\" .n}}", "3"),
                new Case("printf %v of float", "{{printf \"%v\" .f}}", "1.5"),
                new Case("printf width and precision", "{{printf \"%6.2f|\" 3.14159}}", "  3.14|"),
                new Case("printf %x", "{{printf \"%x\" 255}}", "ff"),
                new Case("printf %q", "{{printf \"%q\" .s}}", "\"hello\""),
                new Case("printf %t", "{{printf \"%t\" .t}}", "true"),
                new Case("printf %%", "{{printf \"100%%\"}}", "100%"),
                new Case("printf wrong verb", "{{printf \"%d\" .s}}", "%!d(string=hello)"),
                new Case("printf missing operand", "{{printf \"%d %d\" 1}}", "1 %!d(MISSING)"),
                new Case("printf extra operand", "{{printf \"%d\" 1 2}}", "1%!(EXTRA int=2)"),
                new Case("print spaces only between non-strings", "{{print 1 2}}|{{print \"a\" \"b\"}}|{{print \"a\" 1}}",
                        "1 2|ab|a1"),
                new Case("println always spaces", "{{println \"a\" \"b\"}}", "a b\n"),
                new Case("float prints shortest", "{{0.1}} {{1e21}} {{100000.0}}", "0.1 1e+21 100000"),
                new Case("number literals", "{{0x1F}} {{1_000}} {{-7}} {{1e3}}", "31 1000 -7 1000"),
                new Case("bool literal", "{{true}} {{false}}", "true false"),
                new Case("raw string", "{{`a\\nb`}}", "a\\nb"),
                // truth: false, 0, nil, empty string/slice/map
                new Case("truth of zero int", "{{if .zero}}t{{else}}f{{end}}", "f"),
                new Case("truth of 0.0", "{{if 0.0}}t{{else}}f{{end}}", "f"),
                new Case("truth of empty string", "{{if .empty}}t{{else}}f{{end}}", "f"),
                new Case("truth of empty list", "{{if .none}}t{{else}}f{{end}}", "f"),
                new Case("truth of non-empty map", "{{if .m}}t{{else}}f{{end}}", "t"),
                new Case("truth of nil", "{{if nil}}t{{else}}f{{end}}", "f"),
                new Case("else if chain", "{{if .zero}}a{{else if .empty}}b{{else if .n}}c{{else}}d{{end}}", "c"),
                new Case("with else", "{{with .empty}}x{{else}}y{{end}}", "y"),
                new Case("with sets dot", "{{with .nested.inner}}{{.x}}{{end}}", "deep"),
                // and/or return an operand and short-circuit; not is boolean
                new Case("and returns first false", "{{and 1 0 2}}", "0"),
                new Case("and returns last when all true", "{{and 1 2}}", "2"),
                new Case("or returns first true", "{{or 0 \"\" \"x\"}}", "x"),
                new Case("or short-circuits", "{{or 1 (index .list 99)}}", "1"),
                new Case("not", "{{not 0}} {{not .s}}", "true false"),
                // comparisons
                new Case("eq several", "{{eq .s \"x\" \"hello\"}}", "true"),
                new Case("ne lt le gt ge", "{{ne 1 2}} {{lt 1 2}} {{le 2 2}} {{gt \"b\" \"a\"}} {{ge 1.5 2.5}}",
                        "true true true true false"),
                // builtins
                new Case("len counts bytes", "{{len \"h\u00e9\"}} {{len .list}} {{len .m}}", "3 3 2"),
                new Case("index list and map", "{{index .list 1}}{{index .m \"a\"}}", "b1"),
                new Case("index nested", "{{index .nested \"inner\" \"x\"}}", "deep"),
                new Case("slice string", "{{slice \"abcdef\" 1 3}}", "bc"),
                new Case("slice list", "{{slice .list 1}}", "[b c]"),
                new Case("html", "{{html \"<a href='x'>&\\\"\"}}", "&lt;a href=&#39;x&#39;&gt;&amp;&#34;"),
                new Case("js", "{{js \"a'b\\\"<&=\"}}", "a\\'b\\\"\\u003C\\u0026\\u003D"),
                new Case("urlquery", "{{urlquery \"a b&c~*\"}}", "a+b%26c~%2A"),
                new Case("list prints like Go", "{{.list}}", "[a b c]"),
                new Case("map prints sorted", "{{.m}}", "map[a:1 b:2]"),
                // pipelines
                new Case("pipeline appends last argument", "{{.s | printf \"%s-%s\" \"x\"}}", "x-hello"),
                new Case("parenthesized", "{{(len .list) | printf \"%03d\"}}", "003"),
                new Case("field of parenthesized", "{{(index .nested \"inner\").x}}", "deep"),
                // variables and scope
                new Case("declare and use", "{{$x := .n}}{{$x}}", "3"),
                new Case("assign changes outer variable", "{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}", "2"),
                new Case("redeclare shadows inside block", "{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}", "21"),
                new Case("declaration prints nothing", "{{$x := 5}}", ""),
                // range
                new Case("range list", "{{range .list}}{{.}};{{end}}", "a;b;c;"),
                new Case("range index and element", "{{range $i, $e := .list}}{{$i}}={{$e}} {{end}}", "0=a 1=b 2=c "),
                new Case("range map sorted by key", "{{range $k, $v := .m}}{{$k}}{{$v}}{{end}}", "a1b2"),
                new Case("range single variable is element", "{{range $e := .m}}{{$e}}{{end}}", "12"),
                new Case("range else", "{{range .none}}x{{else}}empty{{end}}", "empty"),
                new Case("range break", "{{range .list}}{{if eq . \"b\"}}{{break}}{{end}}{{.}}{{end}}", "a"),
                new Case("range continue", "{{range .list}}{{if eq . \"b\"}}{{continue}}{{end}}{{.}}{{end}}", "ac"),
                new Case("range keeps $", "{{range .list}}{{$.n}}{{end}}", "333"),
                // trim markers and comments
                new Case("trim both sides", "a  {{- .n -}}  b", "a3b"),
                new Case("trim needs a space", "{{3 -}}\n x", "3x"),
                new Case("negative number is not trim", "{{-3}}", "-3"),
                new Case("comment", "a{{/* hidden */}}b", "ab"),
                new Case("trimmed comment", "a {{- /* hidden */ -}} b", "ab"),
                // define, template, block
                new Case("define and template with data", "{{define \"T\"}}[{{.}}]{{end}}{{template \"T\" .n}}", "[3]"),
                new Case("template without data has nil dot", "{{define \"T\"}}[{{.}}]{{end}}{{template \"T\"}}", "[<no value>]"),
                new Case("block defines and runs", "{{block \"B\" .s}}<{{.}}>{{end}}", "<hello>"),
                new Case("define outputs nothing", "{{define \"T\"}}x{{end}}y", "y"),
                new Case("nil prints as no value", "{{.list | len | printf \"%d\"}}{{with $x := 0}}{{else}}-{{end}}", "3-"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputs")
    void printsWhatGoPrints(Case c) {
        GoTemplate t = GoTemplate.parse("t", c.template(), Set.of(), Set.of());
        assertThat(t.execute(DATA, Map.of(), Map.of())).isEqualTo(c.expected());
    }

    static Stream<Case> parseErrors() {
        return Stream.of(
                new Case("unknown function", "{{nosuch 1}}", "template: t:1: function \"nosuch\" not defined"),
                new Case("undefined variable", "{{$x}}", "template: t:1: undefined variable \"$x\""),
                new Case("variable out of scope", "{{if true}}{{$x := 1}}{{end}}{{$x}}", "undefined variable \"$x\""),
                new Case("assign to undeclared", "{{$x = 1}}", "undefined variable \"$x\""),
                new Case("unclosed action", "{{.s", "unclosed action"),
                new Case("unexpected end", "{{end}}", "unexpected {{end}}"),
                new Case("missing end", "{{if .s}}x", "unexpected EOF"),
                new Case("break outside range", "{{break}}", "{{break}} outside {{range}}"),
                new Case("continue outside range", "{{if true}}{{continue}}{{end}}", "{{continue}} outside {{range}}"),
                new Case("error names the line", "a\nb\n{{nosuch}}", "template: t:3: function \"nosuch\" not defined"),
                new Case("unclosed comment", "{{/* x }}", "unclosed comment"),
                new Case("empty action", "{{}}", "missing value for command"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parseErrors")
    void rejectsWhatGoRejectsAtParse(Case c) {
        assertThatThrownBy(() -> GoTemplate.parse("t", c.template(), Set.of(), Set.of()))
                .isInstanceOf(TemplateException.class).hasMessageContaining(c.expected());
    }

    static Stream<Case> execErrors() {
        return Stream.of(
                new Case("index out of range", "{{index .list 5}}", "template: t:1: error calling index: index out of range: 5"),
                new Case("no such template", "{{template \"nope\"}}", "template: t:1: no such template \"nope\""),
                new Case("len of int", "{{len 3}}", "error calling len: len of type int"),
                new Case("incompatible comparison", "{{eq 1 \"a\"}}", "error calling eq: incompatible types for comparison"),
                new Case("int against float", "{{lt 1 1.5}}", "incompatible types for comparison"),
                new Case("field of string", "{{.s.x}}", "can't evaluate field x in type string"),
                new Case("argument to non-function", "{{.s 1}}", "can't give argument to non-function"),
                new Case("range over int-like string", "{{range .s}}{{end}}", "range can't iterate over hello"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("execErrors")
    void failsWhereGoFailsAtExecution(Case c) {
        GoTemplate t = GoTemplate.parse("t", c.template(), Set.of(), Set.of());
        assertThatThrownBy(() -> t.execute(DATA, Map.of(), Map.of()))
                .isInstanceOf(TemplateException.class).hasMessageContaining(c.expected());
    }
}
