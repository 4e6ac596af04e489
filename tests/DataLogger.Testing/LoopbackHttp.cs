using System.Net;

namespace DataLogger.Testing;

/// <summary>The accept loop of the tests' HTTP servers (the Athena stand-in, the notice receiver): each request to a handler until the listener stops.</summary>
public static class LoopbackHttp
{
    /// <summary>Hands each request <paramref name="listener"/> takes to <paramref name="handle"/>, in turn or (<paramref name="concurrently"/>) each on its own task.</summary>
    public static async Task ServeAsync(HttpListener listener, Func<HttpListenerContext, Task> handle, bool concurrently = false)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(handle);
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            if (concurrently)
            {
                _ = Task.Run(() => handle(context));
            }
            else
            {
                await handle(context);
            }
        }
    }
}
