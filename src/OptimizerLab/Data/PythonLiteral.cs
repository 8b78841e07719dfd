using System.Globalization;
using System.Numerics;
using System.Text;

namespace OptimizerLab.Data;

/// <summary>
/// Parses the small part of Python's literal syntax that a .npy header uses (what <c>ast.literal_eval</c> accepts
/// there): dicts, tuples, lists, single- or double-quoted strings without escapes, integers (with Python 2's
/// <c>L</c> suffix, which numpy still reads), <c>True</c>, <c>False</c> and <c>None</c>, with any spacing.
/// Results: <see cref="string"/>, <see cref="BigInteger"/> (a dimension may be too big for any integer type, and we
/// want to say so rather than overflow), <see cref="bool"/>, null for None, <see cref="PyTuple"/>,
/// <see cref="PyList"/> and <see cref="PyDict"/>.
/// </summary>
internal sealed class PythonLiteral
{
    private const int MaxDepth = 64;
    private readonly string _text;
    private int _pos;

    private PythonLiteral(string text) => _text = text;

    internal sealed record PyTuple(IReadOnlyList<object?> Items);

    internal sealed record PyList(IReadOnlyList<object?> Items);

    internal sealed record PyDict(IReadOnlyList<KeyValuePair<object?, object?>> Entries);

    /// <summary>Parses <paramref name="text"/> as one literal followed by nothing but whitespace.</summary>
    /// <exception cref="FormatException">The text is not such a literal; the message says what was expected where.</exception>
    public static object? Parse(string text)
    {
        var parser = new PythonLiteral(text);
        object? value = parser.Value(0);
        parser.SkipSpace();
        if (parser._pos < text.Length) throw parser.Error("unexpected text after the literal");
        return value;
    }

    /// <summary>Python's <c>repr</c> of a parsed value, for messages.</summary>
    public static string Repr(object? value) => value switch
    {
        null => "None",
        string s => $"'{s}'",
        bool b => b ? "True" : "False",
        BigInteger i => i.ToString(CultureInfo.InvariantCulture),
        PyTuple t => t.Items.Count == 1 ? $"({Repr(t.Items[0])},)" : $"({string.Join(", ", t.Items.Select(Repr))})",
        PyList l => $"[{string.Join(", ", l.Items.Select(Repr))}]",
        PyDict d => $"{{{string.Join(", ", d.Entries.Select(e => $"{Repr(e.Key)}: {Repr(e.Value)}"))}}}",
        _ => value.ToString() ?? "",
    };

    private object? Value(int depth)
    {
        if (depth > MaxDepth) throw Error("brackets nested too deeply");
        SkipSpace();
        if (_pos >= _text.Length) throw Error("a value was expected but the text ended");
        char c = _text[_pos];
        switch (c)
        {
            case '{': return Dict(depth);
            case '(': return TupleOrParenthesized(depth);
            case '[': return new PyList(Sequence(']', depth));
            case '\'' or '"': return String();
            case '+' or '-' or (>= '0' and <= '9'): return Integer();
        }

        if (TryWord("True")) return true;
        if (TryWord("False")) return false;
        if (TryWord("None")) return null;
        throw Error($"unexpected character '{c}'");
    }

    private PyDict Dict(int depth)
    {
        _pos++; // '{'
        var entries = new List<KeyValuePair<object?, object?>>();
        while (true)
        {
            SkipSpace();
            if (Peek() == '}') break;
            object? key = Value(depth + 1);
            SkipSpace();
            Expect(':', "':' after a dict key");
            object? value = Value(depth + 1);
            entries.Add(new(key, value));
            SkipSpace();
            if (Peek() == ',')
            {
                _pos++;
                continue;
            }

            if (Peek() != '}') throw Error("',' or '}' expected in a dict");
            break;
        }

        _pos++; // '}'
        return new PyDict(entries);
    }

    private object? TupleOrParenthesized(int depth)
    {
        // "(5)" is the int 5 in Python, "(5,)" a tuple: the comma makes the tuple, so we track whether one was seen.
        _pos++; // '('
        var items = new List<object?>();
        bool sawComma = false;
        while (true)
        {
            SkipSpace();
            if (Peek() == ')') break;
            items.Add(Value(depth + 1));
            SkipSpace();
            if (Peek() == ',')
            {
                _pos++;
                sawComma = true;
                continue;
            }

            if (Peek() != ')') throw Error("',' or ')' expected in a tuple");
            break;
        }

        _pos++; // ')'
        return items.Count == 1 && !sawComma ? items[0] : new PyTuple(items);
    }

    private List<object?> Sequence(char close, int depth)
    {
        _pos++; // opening bracket
        var items = new List<object?>();
        while (true)
        {
            SkipSpace();
            if (Peek() == close) break;
            items.Add(Value(depth + 1));
            SkipSpace();
            if (Peek() == ',')
            {
                _pos++;
                continue;
            }

            if (Peek() != close) throw Error($"',' or '{close}' expected in a list");
            break;
        }

        _pos++;
        return items;
    }

    private string String()
    {
        char quote = _text[_pos++];
        int start = _pos;
        while (_pos < _text.Length && _text[_pos] != quote)
        {
            if (_text[_pos] is '\\') throw Error("escape sequences in strings are not supported");
            if (_text[_pos] is '\n' or '\r') throw Error("a string literal runs past the end of the line");
            _pos++;
        }

        if (_pos >= _text.Length) throw Error("a string literal is not closed");
        string s = _text[start.._pos];
        _pos++;
        return s;
    }

    private BigInteger Integer()
    {
        bool negative = false;
        while (Peek() is '+' or '-')
        {
            negative ^= _text[_pos] == '-';
            _pos++;
            SkipSpace();
        }

        int start = _pos;
        var digits = new StringBuilder();
        while (_pos < _text.Length && (char.IsAsciiDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            // Python allows one underscore between digits (1_000), nowhere else.
            if (_text[_pos] == '_' && (_pos == start || !char.IsAsciiDigit(_text[_pos - 1]) || _pos + 1 >= _text.Length || !char.IsAsciiDigit(_text[_pos + 1])))
                throw Error("misplaced '_' in an integer");
            if (_text[_pos] != '_') digits.Append(_text[_pos]);
            _pos++;
        }

        if (digits.Length == 0) throw Error("a digit was expected");
        if (Peek() is '.' or 'e' or 'E' or 'j' or 'J') throw Error("only integers are expected in the header");
        if (Peek() is 'L' or 'l') _pos++; // Python 2's long suffix, which numpy filters out of old headers.
        if (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
            throw Error($"unexpected character '{_text[_pos]}' after an integer");
        var value = BigInteger.Parse(digits.ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
        return negative ? -value : value;
    }

    private bool TryWord(string word)
    {
        if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0) return false;
        int end = _pos + word.Length;
        if (end < _text.Length && (char.IsAsciiLetterOrDigit(_text[end]) || _text[end] == '_')) return false;
        _pos = end;
        return true;
    }

    private void Expect(char c, string what)
    {
        if (Peek() != c) throw Error($"{what} was expected");
        _pos++;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipSpace()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\n' or '\r' or '\f') _pos++;
    }

    private FormatException Error(string problem) => new($"{problem} at character {_pos + 1}");
}
