using Markdig.Extensions.Mathematics;
using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace Course.NotebookEngine.Rendering.Tex;

/// <summary>
/// <c>$…$</c> and <c>$$…$$</c> inside a paragraph, with the rules of markdown-it-katex, which VS Code's notebooks use:
/// a formula may continue on the next line (Markdig's own math parser refuses newlines, and the formula then falls
/// back to markdown and loses its backslashes, underscores and braces); <c>$$…$$</c> is display math; an opening
/// <c>$</c> must not be followed by a space, a closing one must not follow a space nor precede a digit ("$5 and $6"
/// stay text); <c>\$</c> is a dollar sign.
/// </summary>
internal sealed class TexMathParser : InlineParser
{
    public TexMathParser() => OpeningCharacters = ['$'];

    public override bool Match(InlineProcessor processor, ref StringSlice slice)
    {
        var text = slice.Text;
        var start = slice.Start;
        var end = slice.End; // inclusive
        var delimiters = slice.PeekCharExtra(1) == '$' ? 2 : 1;
        var contentStart = start + delimiters;
        if (delimiters == 1 && (contentStart > end || char.IsWhiteSpace(text[contentStart]))) return false;

        for (var i = contentStart; i <= end; i++)
        {
            if (text[i] == '\\') { i++; continue; }
            if (text[i] != '$') continue;
            if (delimiters == 2)
            {
                if (i + 1 > end || text[i + 1] != '$') continue;
            }
            else if (char.IsWhiteSpace(text[i - 1]) || (i + 1 <= end && char.IsAsciiDigit(text[i + 1])))
            {
                return false;
            }
            if (i == contentStart) return false;

            var inline = new MathInline
            {
                Delimiter = '$',
                DelimiterCount = delimiters,
                Content = new StringSlice(text, contentStart, i - 1),
                Span = new SourceSpan(processor.GetSourcePosition(start, out var line, out var column),
                    processor.GetSourcePosition(i + delimiters - 1, out _, out _)),
                Line = line,
                Column = column,
            };
            inline.GetAttributes().AddClass("math");
            processor.Inline = inline;
            slice.Start = i + delimiters;
            return true;
        }
        return false;
    }
}
