import { Controller, Get } from "@nestjs/common";

@Controller()
export class AppController {
  @Get("health")
  health(): { status: string } {
    return { status: "ok" };
  }

  @Get()
  hello(): string {
    return "Hello from NestJS\n";
  }
}
