using System.Reflection;
using System.Reflection.Emit;

namespace Backprop.Checks;

/// <summary>
/// Finds calls from the learner's code into the library member that would solve the exercise (e.g. a MyAffine whose
/// Backward runs the library's Affine): the method bodies' IL is read, following calls into the learner's own methods.
/// Code whose IL cannot be read (a dynamic assembly) is taken as clean: this check only ever adds a failure.
/// </summary>
internal static class LibraryUse
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

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
        var library = typeof(LibraryUse).Assembly;
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
                // Follow only the learner's own methods: the library, MathNet and the framework are not theirs.
                if (assembly != library && !assembly.GetName().Name!.StartsWith("System", StringComparison.Ordinal)
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
        if (il is null) yield break;
        var typeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE && i + 1 < il.Length ? (short)(0xFE00 | il[++i]) : il[i];
            i++;
            if (!OpCodesByValue.TryGetValue(value, out var op)) yield break;   // not IL we understand: stop, never guess
            if (op.OperandType == OperandType.InlineMethod && i + 4 <= il.Length)
            {
                MethodBase? callee = null;
                try { callee = method.Module.ResolveMethod(BitConverter.ToInt32(il, i), typeArguments, methodArguments); }
                catch (Exception e) when (e is ArgumentException or BadImageFormatException or TypeLoadException or MissingMethodException) { }
                if (callee is not null) yield return callee;
            }
            i += OperandSize(op, il, i);
        }
    }

    private static int OperandSize(OpCode op, byte[] il, int at) => op.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * (at + 4 <= il.Length ? BitConverter.ToInt32(il, at) : 0),
        _ => 4,
    };
}
