using System.Threading.Tasks;

namespace Consumer;

public static class Cleanup
{
    public static async Task DeleteAsync(OdooClient odoo)
    {
        await odoo.UnlinkAsync("res.partner", [42]);
    }
}
