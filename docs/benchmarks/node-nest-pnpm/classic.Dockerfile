FROM node:24
WORKDIR /app
COPY . .
RUN corepack enable && pnpm install
RUN pnpm run build
CMD ["pnpm", "start"]
