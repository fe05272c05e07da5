using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers;

namespace Course.NotebookEngine.Rendering.Tex;

/// <summary>
/// Parses <c>$…$</c> / <c>$$…$$</c> as VS Code does (<see cref="TexMathParser"/> replaces Markdig's inline math parser)
/// and marks display formulas for KaTeX. Use after <c>UseAdvancedExtensions()</c> (or <c>UseMathematics()</c>), whose
/// fenced <c>$$</c> block parser stays.
/// </summary>
internal sealed class TexMathExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        if (!pipeline.InlineParsers.Contains<MathInlineParser>())
            throw new InvalidOperationException("TexMathExtension needs Markdig's math extension: call UseMathematics() first");
        pipeline.InlineParsers.Replace<MathInlineParser>(new TexMathParser());
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html && !html.ObjectRenderers.Replace<HtmlMathInlineRenderer>(new TexMathRenderer()))
            html.ObjectRenderers.InsertBefore<HtmlMathBlockRenderer>(new TexMathRenderer());
    }
}
