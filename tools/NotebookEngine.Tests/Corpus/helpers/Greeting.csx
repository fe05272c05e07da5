// A helper file loaded with #load: the kernel's display is Microsoft.DotNet.Interactive.Kernel.display (a #load'ed
// file does not see the kernel's using directives); .Display() is an extension method in System.
void Greet(string name) => Microsoft.DotNet.Interactive.Kernel.display($"hello, {name}");
string Shout(string text) { text.ToUpperInvariant().Display(); return text + "!"; }
