# Stage 1: Build with all tools
FROM node:24-alpine AS builder
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build

# Stage 2: Runtime with minimal dependencies
FROM nginx:alpine
COPY --from=builder /app/dist /usr/share/nginx/html
