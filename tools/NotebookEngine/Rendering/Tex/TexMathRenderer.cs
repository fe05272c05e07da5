using Markdig.Extensions.Mathematics;
using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace Course.NotebookEngine.Rendering.Tex;

/// <summary>
/// Writes inline math as <c>\(…\)</c> and <c>$$</c> math as <c>\[…\]</c> (Markdig writes both as <c>\(…\)</c>), so the
/// page script knows which formulas are display formulas and a page read without scripts still shows the TeX.
/// </summary>
internal sealed class TexMathRenderer : HtmlObjectRenderer<MathInline>
{
    protected override void Write(HtmlRenderer renderer, MathInline math)
    {
        var display = math.DelimiterCount >= 2;
        if (renderer.EnableHtmlForInline) renderer.Write("<span").WriteAttributes(math).Write('>').Write(display ? @"\[" : @"\(");
        renderer.WriteEscape(ref math.Content);
        if (renderer.EnableHtmlForInline) renderer.Write(display ? @"\]" : @"\)").Write("</span>");
    }
}
