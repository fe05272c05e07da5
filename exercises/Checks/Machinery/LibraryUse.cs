using System.Reflection;
using System.Reflection.Emit;

namespace Backprop.Checks;

/// <summary>
/// Finds where a learner's code uses the library code that would solve the exercise, by reading IL: either every type
/// the learner's cell compiled to (<see cref="Reject"/>: signatures, fields and bodies, so a library layer created
/// inside a method, held in a field or reached by reflection is found even when the network's own fields hide it), or
/// one object's or delegate's methods and the learner's methods they call (<see cref="Forbid(object, string, MemberInfo[])"/>).
/// Code whose IL cannot be read (a dynamic assembly) is taken as clean: these checks only ever add a failure.
/// </summary>
internal static class LibraryUse
{
    /// <summary>The course library (Backprop.dll), whose code an exercise may be asked to write instead of calling.</summary>
    public static Assembly Library { get; } = typeof(Layers.ILayer).Assembly;

    private static readonly Dictionary<short, OpCode> OpCodes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>
    /// Fails the check when the learner's assembly uses a class (not an interface) of the course library in one of
    /// <paramref name="namespaces"/>, one of <paramref name="types"/>, or reflection: the exercise asks for the code the
    /// library already has, so calling it would pass without the learner writing anything.
    /// </summary>
    public static void Reject(Assembly learner, string[] namespaces, Type[] types, string hint)
    {
        bool Forbidden(Type t) => t.Assembly == Library && !t.IsInterface && (namespaces.Contains(t.Namespace) || types.Contains(t));
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

    /// <summary>Fails, naming the member and where it is called, when any method of the object's type uses a forbidden member.</summary>
    public static void Forbid(object learnerObject, string hint, params MemberInfo[] forbidden)
    {
        ArgumentNullException.ThrowIfNull(learnerObject);
        var roots = AllMethods(learnerObject.GetType());
        Fail(Find(roots, forbidden), hint);
    }

    /// <summary>Fails when the delegate's method, or a learner method it calls, uses a forbidden member.</summary>
    public static void Forbid(Delegate learnerFunction, string hint, params MemberInfo[] forbidden)
    {
        ArgumentNullException.ThrowIfNull(learnerFunction);
        Fail(Find([learnerFunction.Method], forbidden), hint);
    }

    private static void Fail((MethodBase Caller, MemberInfo Used)? found, string hint)
    {
        if (found is not { } f) return;
        var used = f.Used is Type t ? t.FullName : $"{f.Used.DeclaringType?.FullName}.{f.Used.Name}";
        throw new CheckFailedException("the code of your cell", "your own computation",
            $"a call into the library's {used} (in {Readable(f.Caller)})", hint);
    }

    private static string Readable(MethodBase m)
    {
        var type = m.DeclaringType;
        while (type is not null && type.Name.StartsWith('<')) type = type.DeclaringType;   // compiler-made closures
        return type is null || type.Name.StartsWith("Submission#", StringComparison.Ordinal) ? m.Name : $"{type.Name}.{m.Name}";
    }

    private static IEnumerable<MethodBase> AllMethods(Type type)
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var m in type.GetMethods(All)) yield return m;
        foreach (var c in type.GetConstructors(All)) yield return c;
        foreach (var nested in type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic))
            foreach (var m in AllMethods(nested)) yield return m;
    }

    private static (MethodBase Caller, MemberInfo Used)? Find(IEnumerable<MethodBase> roots, MemberInfo[] forbidden)
    {
        var seen = new HashSet<MethodBase>();
        var queue = new Queue<MethodBase>(roots);
        while (queue.Count > 0 && seen.Count < 500)
        {
            var method = queue.Dequeue();
            if (!seen.Add(method)) continue;
            foreach (var callee in Callees(method))
            {
                if (forbidden.Any(f => Matches(callee, f))) return (method, callee is MethodBase mb && forbidden.OfType<Type>().Contains(mb.DeclaringType) ? mb.DeclaringType! : callee);
                var assembly = callee.Module.Assembly;
                // Follow only the learner's own methods: the library, these checks, MathNet and the framework are not theirs.
                if (assembly != Library && assembly != typeof(LibraryUse).Assembly && !assembly.GetName().Name!.StartsWith("System", StringComparison.Ordinal)
                    && !assembly.GetName().Name!.StartsWith("MathNet", StringComparison.Ordinal) && assembly != typeof(object).Assembly)
                    queue.Enqueue(callee);
            }
        }
        return null;
    }

    private static bool Matches(MethodBase callee, MemberInfo forbidden) => forbidden switch
    {
        Type t => callee.DeclaringType == t,
        MethodBase m => callee.DeclaringType == m.DeclaringType && callee.Name == m.Name,
        _ => false,
    };

    private static IEnumerable<MethodBase> Callees(MethodBase method)
    {
        byte[]? il;
        try { il = method.GetMethodBody()?.GetILAsByteArray(); }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException) { il = null; }
        return il is null ? [] : Members(method, il).OfType<MethodBase>();
    }

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
                catch (Exception e) when (e is ArgumentException or BadImageFormatException or TypeLoadException or MissingMethodException) { }
                if (member is not null) yield return member;
            }
            i += size;
        }
    }
}
