import "reflect-metadata";
import { NestFactory } from "@nestjs/core";
import { AppModule } from "./app.module";

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule);
  // Close cleanly on SIGTERM (docker stop) instead of waiting to be killed.
  app.enableShutdownHooks();
  await app.listen(process.env.PORT ?? 3003, "0.0.0.0");
}

void bootstrap();
