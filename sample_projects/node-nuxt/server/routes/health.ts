export default defineEventHandler(() => "ok");
