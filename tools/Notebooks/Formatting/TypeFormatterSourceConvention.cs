using System.Reflection;

namespace Course.Notebooks.Formatting;

/// <summary>
/// The real kernel's convention, honoured without referencing .NET Interactive: a type (or a base type or
/// interface) carrying an attribute NAMED TypeFormatterSourceAttribute, whose constructor takes the formatter
/// source's Type and whose PreferredMimeTypes lists the mime types to use. The source's CreateTypeFormatters()
/// returns objects with MimeType, Type and bool Format(object, TextWriter), used by member name.
/// </summary>
internal static class TypeFormatterSourceConvention
{
    private const string AttributeName = "TypeFormatterSourceAttribute";

    /// <summary>Formats the value through its formatter source; null when the type does not use the convention or no formatter accepted it.</summary>
    public static Dictionary<string, string>? TryFormat(object value, IReadOnlyCollection<string> requestedMimeTypes)
    {
        var (sourceType, preferred) = FindSource(value.GetType()) ?? default;
        if (sourceType is null) return null;

        var wanted = requestedMimeTypes.Count > 0 ? requestedMimeTypes : preferred;
        var result = new Dictionary<string, string>();
        foreach (var formatter in CreateFormatters(sourceType))
        {
            var formatterType = formatter.GetType();
            var mime = formatterType.GetProperty("MimeType")?.GetValue(formatter) as string;
            var forType = formatterType.GetProperty("Type")?.GetValue(formatter) as Type;
            var format = formatterType.GetMethod("Format", [typeof(object), typeof(TextWriter)]);
            if (mime is null || format is null || result.ContainsKey(mime)) continue;
            if (forType is not null && !forType.IsInstanceOfType(value)) continue;
            if (wanted.Count > 0 && !wanted.Contains(mime)) continue;
            using var writer = new StringWriter();
            if (format.Invoke(formatter, [value, writer]) is true) result[mime] = writer.ToString();
        }
        return result.Count > 0 ? result : null;
    }

    private static (Type Source, IReadOnlyCollection<string> Preferred)? FindSource(Type type)
    {
        IEnumerable<Type> candidates = [type, .. BaseTypes(type), .. type.GetInterfaces()];
        foreach (var candidate in candidates)
        {
            foreach (var data in candidate.GetCustomAttributesData())
            {
                if (data.AttributeType.Name != AttributeName) continue;
                if (data.ConstructorArguments.FirstOrDefault().Value is not Type source) continue;
                var preferred = data.NamedArguments
                    .Where(a => a.MemberName == "PreferredMimeTypes")
                    .SelectMany(a => a.TypedValue.Value as IEnumerable<CustomAttributeTypedArgument> ?? [])
                    .Select(a => a.Value as string)
                    .OfType<string>()
                    .ToList();
                return (source, preferred);
            }
        }
        return null;
    }

    private static IEnumerable<Type> BaseTypes(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType) yield return t;
    }

    private static IEnumerable<object> CreateFormatters(Type sourceType)
    {
        var create = sourceType.GetMethod("CreateTypeFormatters", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static, []);
        if (create is null) return [];
        // A source that needs constructor arguments was written for .NET Interactive's services: not ours to call.
        if (!create.IsStatic && sourceType.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes) is null)
            return [];
        var instance = create.IsStatic ? null : Activator.CreateInstance(sourceType, nonPublic: true);
        return create.Invoke(instance, null) is System.Collections.IEnumerable formatters ? formatters.Cast<object>() : [];
    }
}
