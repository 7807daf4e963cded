using System.Text;

namespace Conformance.NixDriver.Rendering;

/// <summary>Indentation-aware text builder for readable generated Nix (nixfmt-like layout).</summary>
internal sealed class NixWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public NixWriter Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _indent * 2).Append(line);
        _text.Append('\n');
        return this;
    }

    public NixWriter Open(string line) { Line(line); _indent++; return this; }

    public NixWriter Close(string line) { _indent--; return Line(line); }

    /// <summary>Writes a multi-line block at the current indentation.</summary>
    public NixWriter Block(string block)
    {
        foreach (var line in block.TrimEnd('\n').Split('\n')) Line(line);
        return this;
    }

    public override string ToString() => _text.ToString();
}
