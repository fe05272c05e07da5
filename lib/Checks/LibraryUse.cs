using System.Reflection;
using System.Reflection.Emit;

namespace Backprop.Checks;

/// <summary>
/// Finds where a learner's code uses what an exercise must not: it reads the signatures and the IL of every type the
/// learner's cell compiled to, so a library layer created inside a method, held in a field or reached by reflection
/// is found even when the network's own fields hide it.
/// </summary>
internal static class LibraryUse
{
    private static readonly Dictionary<short, OpCode> OpCodes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>
    /// Fails the check when the learner's assembly uses a class (not an interface) of the course library in one of
    /// <paramref name="namespaces"/>, one of <paramref name="types"/>, or reflection: the exercise asks for the code the
    /// library already has, so calling it would pass without the learner writing anything.
    /// </summary>
    public static void Reject(Assembly learner, string[] namespaces, Type[] types, string hint)
    {
        bool Forbidden(Type t) => t.Assembly == typeof(LibraryUse).Assembly && !t.IsInterface && (namespaces.Contains(t.Namespace) || types.Contains(t));
        var found = FirstForbidden(learner, Forbidden, Reflection);
        if (found is not null)
            throw new CheckFailedException("the library code your cell uses", "none: the exercise is to write it", found, hint);
    }

    // Reflection and dynamic calls could reach the library's code without naming it.
    private static bool Reflection(MemberInfo m) => m.DeclaringType is { } t &&
        (t.Namespace is not null && (t.Namespace.StartsWith("System.Reflection", StringComparison.Ordinal) || t.Namespace.StartsWith("Microsoft.CSharp.RuntimeBinder", StringComparison.Ordinal))
         || t == typeof(Activator) || t == typeof(AppDomain) || (t == typeof(Type) && m.Name is "GetType" or "InvokeMember"));

    /// <summary>"Backprop.Layers.Affine (in MyNet..ctor)" for the first forbidden type or member the assembly uses; null when none.</summary>
    public static string? FirstForbidden(Assembly learner, Func<Type, bool> forbiddenType, Func<MemberInfo, bool> forbiddenMember)
    {
        Type[] types;
        try { types = learner.GetTypes(); }
        catch (ReflectionTypeLoadException e) { types = [.. e.Types.OfType<Type>()]; }
        foreach (var type in types)
        {
            bool Bad(Type? t) => t is not null && Mentions(t, forbiddenType);
            if (Bad(type.BaseType) || type.GetInterfaces().Any(Bad)) return Describe(type.BaseType is { } b && Bad(b) ? b : type.GetInterfaces().First(Bad), type.Name);
            const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var field in type.GetFields(All))
                if (Bad(field.FieldType)) return Describe(field.FieldType, $"{type.Name}.{field.Name}");
            foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
            {
                var where = $"{type.Name}.{method.Name}";
                if (method is MethodInfo m && Bad(m.ReturnType)) return Describe(m.ReturnType, where);
                foreach (var p in method.GetParameters())
                    if (Bad(p.ParameterType)) return Describe(p.ParameterType, where);
                var body = method.GetMethodBody();
                if (body is null) continue;
                foreach (var local in body.LocalVariables)
                    if (Bad(local.LocalType)) return Describe(local.LocalType, where);
                foreach (var member in Members(method, body.GetILAsByteArray() ?? []))
                {
                    var t = member as Type ?? member.DeclaringType;
                    if (Bad(t)) return Describe(t!, where);
                    if (forbiddenMember(member)) return $"{member.DeclaringType?.FullName}.{member.Name} (in {where})";
                }
            }
        }
        return null;
    }

    private static bool Mentions(Type t, Func<Type, bool> forbidden)
    {
        if (t.HasElementType) return Mentions(t.GetElementType()!, forbidden);
        if (forbidden(t)) return true;
        return t.IsGenericType && !t.IsGenericTypeDefinition && t.GetGenericArguments().Any(a => Mentions(a, forbidden));
    }

    private static string Describe(Type t, string where) => $"{t.FullName ?? t.Name} (in {where})";

    // Every method, field or type an IL body refers to by token.
    private static IEnumerable<MemberInfo> Members(MethodBase method, byte[] il)
    {
        var module = method.Module;
        var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE && i + 1 < il.Length ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += value > 0xFF || value < 0 ? 2 : 1;
            if (!OpCodes.TryGetValue(value, out var op)) yield break; // not IL we can read: stop rather than guess
            var size = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
            if (op.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                MemberInfo? member = null;
                try { member = module.ResolveMember(BitConverter.ToInt32(il, i), typeArguments, methodArguments); }
                catch (ArgumentException) { }
                if (member is not null) yield return member;
            }
            i += size;
        }
    }
}
