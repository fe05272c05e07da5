// A helper file loaded with #load: it may use the kernel's display and .Display().
void Greet(string name) => display($"hello, {name}");
string Shout(string text) { text.ToUpperInvariant().Display(); return text + "!"; }
