# Stage 1: Build with all tools
FROM node:24-alpine AS builder
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM node:24-alpine
WORKDIR /app
RUN addgroup -g 1001 -S appgroup && \
    adduser -u 1001 -S appuser -G appgroup
COPY package*.json ./
RUN npm ci --only=production
COPY . .
COPY --from=builder /app/.next ./.next
USER appuser
CMD ["npm", "start"]
